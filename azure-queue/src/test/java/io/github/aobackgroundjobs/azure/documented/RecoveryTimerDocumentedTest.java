package io.github.aobackgroundjobs.azure.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.FunctionsRecoveryTimer;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.SimulatedExecutionContext;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** docs/azure-functions.md: FunctionsRecoveryTimer, built as the complete function app builds it. */
class RecoveryTimerDocumentedTest {

    /** A clock the test moves. */
    static final class MovingClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-07T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    record Request(String name) {}

    private final Azurite azurite = Azurite.shared();
    private final AzureStorageJobQueue queue =
            QueueManager.fromConnectionString(azurite.connectionString()).jobQueue();
    private final InMemoryJobRepository<Long> jobs = InMemoryJobRepository.withLongKeys();
    private final MovingClock clock = new MovingClock();
    private final FunctionsRecoveryTimer recovery = new FunctionsRecoveryTimer(
            JobSweeper.builder(jobs, queue).clock(clock).build());

    private long length(String name) {
        return queue.approximateLength(name).orElseThrow();
    }

    @Test
    void aJobNeverSentIsSentAfterTheGraceAndTheInvocationLogSaysSo() {
        String name = Azurite.randomQueueName("unsent");
        BackgroundJobInfo<Long> record = new BackgroundJobInfo<>();
        record.setUserName("ada");
        record.setRequestType("Request");
        record.setRequestData("{\"name\":\"Ada\"}");
        record.setQueueName(name);
        record.setCreated(clock.instant());
        record.setNextAttemptAt(clock.instant());
        long id = jobs.insert(record).getId();

        clock.advance(JobSweeper.DEFAULT_UNSENT_GRACE.plusSeconds(1));
        SimulatedExecutionContext context = new SimulatedExecutionContext("RecoverJobs");
        assertThat(recovery.run(context).resent()).isEqualTo(1);

        assertThat(length(name)).isEqualTo(1);
        assertThat(jobs.getJob(id).getSendCount()).isEqualTo(1);
        assertThat(context.lines()).anyMatch(line -> line.contains("1 re-sent"));
    }

    @Test
    void aMessageOutLongerThanStaleAfterIsSentAgainAndAJobSentMaxSendsTimesIsAborted() {
        String name = Azurite.randomQueueName("stale");
        long id = QueueJobClient.builder(jobs, queue).clock(clock).build().queueJob(name, "ada", new Request("Ada"));
        clock.advance(JobSweeper.DEFAULT_STALE_AFTER.minusMinutes(1));
        assertThat(recovery.run(new SimulatedExecutionContext("RecoverJobs")).resent())
                .as("out less than 15 minutes")
                .isZero();
        for (int send = 2; send <= JobSweeper.DEFAULT_MAX_SENDS; send++) {
            clock.advance(Duration.ofMinutes(2));
            assertThat(recovery.run(new SimulatedExecutionContext("RecoverJobs"))
                            .resent())
                    .as("out 16 minutes")
                    .isEqualTo(1);
            assertThat(jobs.getJob(id).getSendCount()).isEqualTo(send);
            clock.advance(JobSweeper.DEFAULT_STALE_AFTER.minusMinutes(1));
        }
        assertThat(length(name)).isEqualTo(JobSweeper.DEFAULT_MAX_SENDS);

        clock.advance(Duration.ofMinutes(2));
        SimulatedExecutionContext context = new SimulatedExecutionContext("RecoverJobs");
        assertThat(recovery.run(context).abandoned()).isEqualTo(1);
        assertThat(jobs.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(length(name)).as("nothing more sent").isEqualTo(JobSweeper.DEFAULT_MAX_SENDS);
        assertThat(context.lines()).anyMatch(line -> line.contains("1 given up"));
    }

    @Test
    void aNullContextIsRefusedNamingIt() {
        assertThatThrownBy(() -> recovery.run(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'context'");
    }
}
