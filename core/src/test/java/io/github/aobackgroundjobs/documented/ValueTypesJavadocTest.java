package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.BatchQueueingException;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.HealthReport;
import io.github.aobackgroundjobs.JobCancelledException;
import io.github.aobackgroundjobs.JobNotFoundException;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.JobQueueingException;
import io.github.aobackgroundjobs.JobRequestType;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.RequestTypes;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.StandardRetryPolicy;
import io.github.aobackgroundjobs.delivery.MalformedJobMessageException;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Javadoc of the options, retry policies, clock, records and exceptions of the core API. */
class ValueTypesJavadocTest {

    @Test
    void aWorkerIdIsOneTo100CharactersAndTheDefaultOneFitsAndDiffersPerBuild() {
        JobOptions.Builder builder = JobOptions.builder();
        assertThatThrownBy(() -> builder.workerId(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'workerId'");
        assertThatThrownBy(() -> builder.workerId("w".repeat(BackgroundJobInfo.MAX_LEASE_OWNER_LENGTH + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'workerId'");
        assertThatThrownBy(() -> builder.workerId(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'workerId'");
        assertThatThrownBy(() -> builder.workerId("worker\u0000"))
                .as("a lease owner no database stores as given")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'workerId'");
        assertThatThrownBy(() -> builder.workerId("worker\uD83D"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'workerId'");
        String longest = "w".repeat(BackgroundJobInfo.MAX_LEASE_OWNER_LENGTH);
        assertThat(builder.workerId(longest).build().workerId()).isEqualTo(longest);

        String first = JobOptions.builder().build().workerId();
        String second = JobOptions.builder().build().workerId();
        assertThat(first).isNotBlank().hasSizeLessThanOrEqualTo(BackgroundJobInfo.MAX_LEASE_OWNER_LENGTH);
        assertThat(first).as("a random suffix per build").isNotEqualTo(second);
    }

    @Test
    void toBuilderStartsFromEveryValueOfTheOptions() {
        SettableClock clock = new SettableClock();
        RetryPolicy policy = RetryPolicy.fixed(2, Duration.ofSeconds(3));
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .retryPolicy(policy)
                .leaseDuration(Duration.ofSeconds(7))
                .progressInterval(Duration.ZERO)
                .completionRetryTimeout(Duration.ofSeconds(9))
                .postStatusUpdates(false)
                .workerId("worker-1")
                .build();

        JobOptions copy = options.toBuilder().build();

        assertThat(copy.clock()).isSameAs(clock);
        assertThat(copy.serializer()).isSameAs(options.serializer());
        assertThat(copy.retryPolicy()).isSameAs(policy);
        assertThat(copy.leaseDuration()).isEqualTo(Duration.ofSeconds(7));
        assertThat(copy.progressInterval()).isZero();
        assertThat(copy.completionRetryTimeout()).isEqualTo(Duration.ofSeconds(9));
        assertThat(copy.postStatusUpdates()).isFalse();
        assertThat(copy.workerId()).isEqualTo("worker-1");
        assertThat(JobOptions.defaults().retryPolicy()).isSameAs(JobOptions.DEFAULT_RETRY_POLICY);
        assertThat(JobOptions.defaults().postStatusUpdates()).isTrue();
    }

    @Test
    void noneNeverRetriesAFailureButAllowsThreeAttemptsInAll() {
        StandardRetryPolicy none = RetryPolicy.none();
        assertThat(none.maxAttempts())
                .isEqualTo(RetryPolicy.DEFAULT_MAX_ATTEMPTS)
                .isEqualTo(3);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertThat(none.retryDelay(attempt, new IllegalStateException("boom")))
                    .isEmpty();
        }
    }

    @Test
    void fixedRetriesAfterTheSameDelayUntilTheLastAttempt() {
        StandardRetryPolicy fixed = RetryPolicy.fixed(3, Duration.ofSeconds(10));
        RuntimeException error = new IllegalStateException("boom");
        assertThat(fixed.retryDelay(1, error)).contains(Duration.ofSeconds(10));
        assertThat(fixed.retryDelay(2, error)).contains(Duration.ofSeconds(10));
        assertThat(fixed.retryDelay(3, error)).as("the last attempt").isEmpty();
        assertThatThrownBy(() -> RetryPolicy.fixed(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxAttempts'");
        assertThat(RetryPolicy.fixed(2, Duration.ofDays(7)).retryDelay(1, error))
                .contains(Duration.ofDays(7));
    }

    @Test
    void aDelayOutOfRangeIsRefusedNamingTheArgumentTheCallerPassed() {
        assertThatThrownBy(() -> RetryPolicy.fixed(2, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'delay'");
        assertThatThrownBy(() -> RetryPolicy.fixed(2, Duration.ofDays(7).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'delay'");
        assertThatThrownBy(() -> RetryPolicy.fixed(2, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'delay'");
        assertThatThrownBy(() -> RetryPolicy.exponential(2, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'initialDelay'");
        assertThatThrownBy(() -> RetryPolicy.exponential(2, Duration.ofSeconds(1), Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxDelay'");
        assertThatThrownBy(() -> RetryPolicy.exponential(2, null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'initialDelay'");
    }

    @Test
    void exponentialDelaysAreEachShortenedByAtMostHalfOfTheNominalOne() {
        StandardRetryPolicy policy = RetryPolicy.exponential(10, Duration.ofSeconds(1), Duration.ofSeconds(8));
        assertThat(List.of(1, 2, 3, 4, 5).stream().map(policy::nominalDelayAfter))
                .containsExactly(
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(8));
        RuntimeException error = new IllegalStateException("boom");
        for (int i = 0; i < 200; i++) {
            Duration delay = policy.retryDelay(3, error).orElseThrow();
            assertThat(delay).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        }
        assertThatThrownBy(() -> RetryPolicy.exponential(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxDelay'");
    }

    @Test
    void neverRetryOnAddsToTheTypesAlreadyListedAndLooksThroughTheCauses() {
        StandardRetryPolicy base = RetryPolicy.fixed(5, Duration.ofSeconds(1));
        StandardRetryPolicy narrowed =
                base.neverRetryOn(IllegalArgumentException.class).neverRetryOn(IOException.class);

        assertThat(narrowed.retryDelay(1, new IllegalArgumentException("bad"))).isEmpty();
        assertThat(narrowed.retryDelay(1, new UncheckedIOException(new IOException("disk"))))
                .as("a cause of a listed type")
                .isEmpty();
        assertThat(narrowed.retryDelay(1, new IllegalStateException("later"))).isPresent();
        assertThat(base.retryDelay(1, new IllegalArgumentException("bad")))
                .as("the policy it was made from is unchanged")
                .isPresent();
        assertThatThrownBy(() -> base.neverRetryOn(IOException.class, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'types'");
    }

    @Test
    void withMaxAttemptsKeepsTheRestAndRefusesLessThanOne() {
        StandardRetryPolicy policy = RetryPolicy.fixed(2, Duration.ofSeconds(4))
                .neverRetryOn(IOException.class)
                .withMaxAttempts(4);
        assertThat(policy.maxAttempts()).isEqualTo(4);
        assertThat(policy.retryDelay(3, new IllegalStateException("boom"))).contains(Duration.ofSeconds(4));
        assertThat(policy.retryDelay(1, new IOException("never"))).isEmpty();
        assertThatThrownBy(() -> policy.withMaxAttempts(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxAttempts'");
    }

    @Test
    void aSettableClockStandsStillUntilMovedAndAZonedCopySharesItsTime() {
        SettableClock clock = new SettableClock();
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.instant()).isEqualTo(clock.instant());

        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(paris.instant()).isEqualTo(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(clock.advance(Duration.ofMinutes(-10))).isEqualTo(Instant.parse("2025-12-31T23:55:00Z"));
        ((SettableClock) paris).set(Instant.parse("2030-06-01T00:00:00Z"));
        assertThat(clock.instant()).isEqualTo(Instant.parse("2030-06-01T00:00:00Z"));
        assertThatThrownBy(() -> clock.set(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'instant'");
    }

    @Test
    void aHealthChecksDetailsKeepTheirOrderAndCannotBeChanged() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("z", "1");
        details.put("a", "2");
        HealthReport.Check check = new HealthReport.Check("store", true, details);
        details.put("later", "3");

        assertThat(check.details().keySet()).containsExactly("z", "a");
        assertThatThrownBy(() -> check.details().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
        HealthReport report = HealthReport.of(List.of(check, new HealthReport.Check("store", false, Map.of())));
        assertThat(report.check("store")).as("the first of that name").containsSame(check);
        assertThat(report.check("queue:none")).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> HealthReport.of(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aReportWhoseUpContradictsItsChecksIsRefused() {
        HealthReport.Check up = new HealthReport.Check("repository", true, Map.of());
        HealthReport.Check down = new HealthReport.Check("store", false, Map.of());

        assertThatThrownBy(() -> new HealthReport(true, List.of(up, down)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'up'")
                .hasMessageContaining("'store'");
        assertThatThrownBy(() -> new HealthReport(false, List.of(up)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'up'");
        assertThatThrownBy(() -> new HealthReport(false, List.of()))
                .as("no check is every check up")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new HealthReport(false, List.of(up, down))).isEqualTo(HealthReport.of(List.of(up, down)));
        assertThat(new HealthReport(true, List.of())).isEqualTo(HealthReport.of(List.of()));
    }

    @Test
    void anErrorInfoWithoutMessagesHasAnEmptyListAndAReasonIsNoException() {
        assertThat(new ErrorInfo("t", "m", null, null, "executing", 1).messages())
                .isEmpty();
        ErrorInfo reason = ErrorInfo.reason("gave up", "gave-up", 3);
        assertThat(reason.type()).isEqualTo("reason");
        assertThat(reason.message()).isEqualTo("gave up");
        assertThat(reason.messages()).containsExactly("gave up");
        assertThat(reason.stackTrace()).isNull();
        assertThat(reason.attempt()).isEqualTo(3);
        ErrorInfo error = ErrorInfo.of(new IllegalStateException("outer", new IOException("inner")), "executing", 2);
        assertThat(error.type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(error.messages())
                .containsExactly("java.lang.IllegalStateException: outer", "java.io.IOException: inner");
        assertThat(error.stackTrace()).contains("outer");
        assertThatThrownBy(() -> ErrorInfo.of(null, "executing", 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'error'");
    }

    @JobRequestType(" ")
    record BlankNamed() {}

    @Test
    void anAnonymousRequestClassHasNoTypeNameAndTheMessageNamesIt() {
        Object anonymous = new Object() {};
        assertThatThrownBy(() -> RequestTypes.nameOf(anonymous.getClass()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(anonymous.getClass().getName());
        assertThatThrownBy(() -> RequestTypes.nameOf(BlankNamed.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestType'");
        Runnable lambda = () -> {};
        assertThatThrownBy(() -> RequestTypes.nameOf(lambda.getClass()))
                .as("a lambda's class, whose name changes from run to run")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(lambda.getClass().getName());
        assertThat(RequestTypes.nameOf(ParcelJob.Parcel.class)).isEqualTo("Parcel");
    }

    @Test
    void aNewRecordIsPendingAndACopyIsIndependent() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(job.getId()).isNull();
        assertThat(job.getDuration()).isNull();
        assertThatThrownBy(() -> job.setStatus(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'status'");

        job.setId(7L);
        job.setAttempts(2);
        job.setDurationMillis(1500L);
        job.setStatus(JobStatus.CANCELLED);
        BackgroundJobInfo<Long> copy = job.copy();
        copy.setStatus(JobStatus.PENDING);

        assertThat(job.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.isCompleted()).isTrue();
        assertThat(copy.isCompleted()).isFalse();
        assertThat(copy.getId()).isEqualTo(7L);
        assertThat(copy.getAttempts()).isEqualTo(2);
        assertThat(job.getDuration()).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void theExceptionsCarryTheIdsTheySayTheyDo() {
        JobNotFoundException notFound = new JobNotFoundException(42L);
        assertThat(notFound.getJobId()).isEqualTo(42L);
        assertThat(notFound.getMessage()).contains("42");

        RuntimeException cause = new IllegalStateException("queue down");
        JobQueueingException aborted = new JobQueueingException(5L, "parcels", cause);
        assertThat(aborted.isAborted()).isTrue();
        assertThat(aborted.isRetryable()).isTrue();
        assertThat(aborted.getCause()).isSameAs(cause);
        assertThat(new JobQueueingException(5L, "parcels", cause, false).isAborted())
                .isFalse();

        BatchQueueingException batch =
                new BatchQueueingException("parcels", List.of(1L, 2L), List.of(1L), Map.of(2L, cause));
        assertThat(batch.getJobIds()).containsExactly(1L, 2L);
        assertThat(batch.getQueuedIds()).containsExactly(1L);
        assertThat(batch.getFailures()).containsOnlyKeys(2L);
        assertThat(batch.getCause()).isSameAs(cause);
        assertThatThrownBy(() -> batch.getJobIds().add(3L)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> batch.getFailures().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyAnUnreachableStoreOrQueueIsWorthTryingAgain() {
        assertThat(new JobStoreUnavailableException("down", null).isRetryable()).isTrue();
        assertThat(new JobQueueUnavailableException("parcels", "down", null).isRetryable())
                .isTrue();
        JobQueueAccessDeniedException denied = new JobQueueAccessDeniedException("parcels", "key rotated", null);
        assertThat(denied).isInstanceOf(JobQueueUnavailableException.class);
        assertThat(denied.isRetryable()).isTrue();
        assertThat(denied.getQueueName()).isEqualTo("parcels");
        assertThat(denied.getMessage()).contains("parcels").contains("key rotated");
        assertThat(new JobNotFoundException(1L).isRetryable()).isFalse();
        assertThat(new JobCancelledException(1L).isRetryable()).isFalse();
        assertThat(new JobCancelledException(1L).getJobId()).isEqualTo(1L);
        assertThat(new MalformedJobMessageException("no id", null).isRetryable())
                .isFalse();
        MessageReceiptExpiredException expired = new MessageReceiptExpiredException("parcels", "m-1", null);
        assertThat(expired.isRetryable()).isFalse();
        assertThat(expired.getMessage()).contains("parcels").contains("m-1");
        assertThat(new WebhookVerificationException(WebhookVerificationException.Reason.STALE, "old").isRetryable())
                .isFalse();
        assertThatThrownBy(() -> new WebhookVerificationException(null, "x"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'reason'");
    }

    record Weight(int grams) {}

    @Test
    void theDefaultSerializerIsSharedStrictAndReadsResultsOnlyOnceThereAreAny() {
        assertThat(JobSerializer.defaults()).isSameAs(JobSerializer.defaults());
        assertThat(JobSerializer.defaultObjectMapper()).isNotSameAs(JobSerializer.defaultObjectMapper());
        JobSerializer serializer = JobSerializer.defaults();
        assertThatThrownBy(() -> serializer.fromJson("{\"grams\":null}", Weight.class, "request"))
                .as("null for a primitive")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'request'");
        assertThatThrownBy(() -> serializer.fromJson("{\"grams\":1,\"unit\":\"kg\"}", Weight.class, "request"))
                .as("an unknown property")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'request'");
        assertThatThrownBy(() -> serializer.fromJson(null, Weight.class, "request"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'request'");
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        assertThat(serializer.readResult(job, Weight.class)).isEmpty();
        assertThat(serializer.readError(job)).isEmpty();
        job.setResultData(serializer.toJson(new Weight(5), "result"));
        assertThat(serializer.readResult(job, Weight.class)).contains(new Weight(5));
        assertThatThrownBy(() -> serializer.readRequest(job, Weight.class))
                .as("no request data")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestData'");
        assertThatThrownBy(() -> JobSerializer.of(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'mapper'");
    }

    @Test
    void aCauseChainThatLoopsIsWalkedOnceByThePolicyAndTheErrorDescription() {
        IllegalStateException outer = new IllegalStateException("outer");
        IllegalArgumentException inner = new IllegalArgumentException("inner");
        outer.initCause(inner);
        inner.initCause(outer);
        StandardRetryPolicy policy = RetryPolicy.fixed(3, Duration.ofSeconds(1));

        Optional<Duration> delay = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> policy.retryDelay(1, outer));

        assertThat(delay).contains(Duration.ofSeconds(1));
        assertThat(JobOptions.DEFAULT_RETRY_POLICY.retryDelay(1, outer)).isPresent();
        assertThat(policy.neverRetryOn(IOException.class).retryDelay(1, outer)).isPresent();
        assertThat(policy.neverRetryOn(IllegalArgumentException.class).retryDelay(1, outer))
                .isEmpty();
        assertThat(ErrorInfo.of(outer, "executing", 1).messages())
                .containsExactly("java.lang.IllegalStateException: outer", "java.lang.IllegalArgumentException: inner");
    }
}
