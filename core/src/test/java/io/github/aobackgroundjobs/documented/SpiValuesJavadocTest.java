package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Javadoc of the argument records of the repository and queue SPI. */
class SpiValuesJavadocTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aClaimRequestRefusesEachInvalidArgumentNamingIt() {
        assertThatThrownBy(() -> new ClaimRequest<Long>(null, "w", NOW, Duration.ofSeconds(1), 1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> new ClaimRequest<>(1L, " ", NOW, Duration.ofSeconds(1), 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'owner'");
        assertThatThrownBy(() -> new ClaimRequest<>(1L, "w\u0000", NOW, Duration.ofSeconds(1), 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'owner'");
        assertThatThrownBy(() -> new ClaimRequest<>(1L, "w", NOW, Duration.ZERO, 1, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'leaseDuration'");
        assertThatThrownBy(() -> new ClaimRequest<>(1L, "w", NOW, Duration.ofSeconds(1), 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxAttempts'");
        ClaimRequest<Long> anyType = new ClaimRequest<>(1L, "w", NOW, Duration.ofSeconds(30), 1, null);
        assertThat(anyType.requestType()).isNull();
        assertThat(anyType.acceptsType("Anything")).isTrue();
        assertThat(anyType.leaseExpiresAt()).isEqualTo(NOW.plusSeconds(30));
        ClaimRequest<Long> typed = new ClaimRequest<>(1L, "w", NOW, Duration.ofSeconds(30), 1, null, "Parcel");
        assertThat(typed.acceptsType("Parcel")).isTrue();
        assertThat(typed.acceptsType("Letter")).isFalse();
    }

    @Test
    void aCompletionIsAWayForARunningJobToEndWithARetryTimeForARetry() {
        for (JobStatus status :
                List.of(JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.ABORTED)) {
            assertThat(new JobCompletion<>(1L, "w", status, NOW, 0, null, null, null).status())
                    .isEqualTo(status);
        }
        assertThat(new JobCompletion<>(1L, "w", JobStatus.PENDING, NOW, 5, null, "{}", NOW.plusSeconds(10))
                        .nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(10));
        assertThatThrownBy(() -> new JobCompletion<>(1L, "w", JobStatus.RUNNING, NOW, 0, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'status'");
        assertThatThrownBy(() -> new JobCompletion<>(1L, "w", JobStatus.PENDING, NOW, 0, null, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'nextAttemptAt'");
        assertThatThrownBy(() -> new JobCompletion<>(1L, "w", JobStatus.FAILED, NOW, -1, null, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'durationMillis'");
        assertThatThrownBy(() -> new JobCompletion<>(1L, null, JobStatus.FAILED, NOW, 0, null, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'owner'");
    }

    @Test
    void aStatisticsWindowRunsForwardInMinutesOrHours() {
        assertThatThrownBy(() -> new StatisticsQuery(NOW, NOW, ChronoUnit.HOURS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'from'");
        assertThatThrownBy(() -> new StatisticsQuery(NOW, NOW.plusSeconds(60), ChronoUnit.DAYS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bucket'");
        assertThatThrownBy(() -> new StatisticsQuery(null, NOW, ChronoUnit.HOURS))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'from'");
        StatisticsQuery last = StatisticsQuery.last24Hours(new SettableClock());
        assertThat(last.to()).isEqualTo(NOW);
        assertThat(last.from()).isEqualTo(NOW.minus(StatisticsQuery.DEFAULT_WINDOW));
        assertThat(last.bucket()).isEqualTo(ChronoUnit.HOURS);
    }

    @Test
    void aQueueMessageNeedsItsIdReceiptAndTextAndANewReceiptKeepsTheRest() {
        assertThatThrownBy(() -> new QueueMessage(null, "r", "t", 1, NOW, NOW))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'messageId'");
        assertThatThrownBy(() -> new QueueMessage("m", null, "t", 1, NOW, NOW))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'popReceipt'");
        assertThatThrownBy(() -> new QueueMessage("m", "r", null, 1, NOW, NOW))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'text'");
        QueueMessage renewed = new QueueMessage("m", "r1", "t", 2, NOW, NOW).withReceipt("r2", NOW.plusSeconds(9));
        assertThat(renewed).isEqualTo(new QueueMessage("m", "r2", "t", 2, NOW, NOW.plusSeconds(9)));
    }

    @Test
    void aPageCopiesItsItemsAndWritesItsTotalAsAPersonReadsIt() {
        List<BackgroundJobInfo<Long>> items = new ArrayList<>();
        items.add(new BackgroundJobInfo<>());
        JobPage<Long> page = new JobPage<>(items, 0, 10, 10_000, true);
        items.clear();

        assertThat(page.items()).hasSize(1);
        assertThatThrownBy(() -> page.items().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(page.totalText()).isEqualTo(String.format("%,d", 10_000) + "+");
        assertThat(new JobPage<Long>(List.of(), 3, 10, 42, false).totalText()).isEqualTo("42");
        assertThatThrownBy(() -> new JobPage<Long>(null, 0, 10, 0, false))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'items'");
    }

    @Test
    void aClaimResultCarriesAJobExceptForNotFoundAndARetryTimeWhenBusy() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        assertThat(ClaimResult.<Long>notFound().job()).isNull();
        assertThat(ClaimResult.busy(job, NOW).retryAt()).isEqualTo(NOW);
        assertThat(ClaimResult.claimed(job).retryAt()).isNull();
        assertThatThrownBy(() -> ClaimResult.claimed(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'job'");
        assertThatThrownBy(() -> ClaimResult.busy(job, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'retryAt'");
        assertThatThrownBy(() -> new ClaimResult<>(null, job, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'type'");
    }
}
