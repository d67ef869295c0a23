package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobNotFoundException;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobRequest;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Javadoc of {@link QueueJobClient}: queueing, cancel, clear, requeue and the waits. */
class QueueJobClientJavadocTest {

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).clock(clock).build();

    @Test
    void anUnknownIdIsNotFoundForCancelFalseForClearAndAnExceptionForTheWaitAndTheRequeue() {
        assertThat(client.cancel(999L)).isEqualTo(CancelResult.NOT_FOUND);
        assertThat(client.clear(999L)).isFalse();
        assertThatThrownBy(() -> client.awaitCompletion(999L, Duration.ofSeconds(1)))
                .isInstanceOf(JobNotFoundException.class);
        assertThatThrownBy(() -> client.requeue(999L)).isInstanceOf(JobNotFoundException.class);
        assertThat(repository.size()).isZero();
    }

    @Test
    void aNullIdIsRefusedNamingIt() {
        assertThatThrownBy(() -> client.cancel(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> client.clear(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> client.requeue(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> client.awaitCompletion(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> client.awaitCompletion(1L, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'timeout'");
    }

    @Test
    void cancellingAFinishedJobChangesNothing() {
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        assertThat(client.cancel(id)).isEqualTo(CancelResult.CANCELLED);
        BackgroundJobInfo<Long> cancelled = repository.getJob(id);

        assertThat(client.cancel(id)).isEqualTo(CancelResult.ALREADY_DONE);
        assertThat(repository.getJob(id).getVersion()).isEqualTo(cancelled.getVersion());

        long succeeded = client.queueJob("parcels", "alice", new ParcelJob.Parcel("carol"));
        new ParcelJob(repository).execute(succeeded);
        assertThat(client.cancel(succeeded)).isEqualTo(CancelResult.ALREADY_DONE);
        assertThat(repository.getJob(succeeded).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void anInvalidArgumentIsRefusedNamingItAndNothingIsWritten() {
        assertThatThrownBy(() -> client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'delay'");
        assertThatThrownBy(() -> client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"), Duration.ofDays(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'delay'");
        assertThatThrownBy(() -> client.queueJob("parcels", "alice", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'request'");
        assertThatThrownBy(() -> client.queueJob("Parcels", "alice", new ParcelJob.Parcel("bob")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> client.queueJob("parcels", "alice\u0000", new ParcelJob.Parcel("bob")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> client.queueJob("parcels", "alice", new Object() {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anonymous");
        assertThat(repository.size()).isZero();
        assertThat(queue.approximateLength("parcels")).hasValue(0);
    }

    @Test
    void aBatchNamesTheIndexOfAnInvalidRequestAndWritesNothing() {
        assertThatThrownBy(() -> client.queueJobs("parcels", "alice", Arrays.asList(new ParcelJob.Parcel("bob"), null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests[1]'");
        assertThatThrownBy(() -> client.queueJobs("parcels", Arrays.asList((JobRequest) null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests[0]'");
        assertThatThrownBy(() -> client.queueJobs(
                        "parcels",
                        List.of(
                                JobRequest.of("alice", new ParcelJob.Parcel("bob")),
                                JobRequest.of("alice", new ParcelJob.Parcel("carol")),
                                JobRequest.of(" ", new ParcelJob.Parcel("dave")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests[2]'")
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() ->
                        client.queueJobs("parcels", List.of(new JobRequest("alice", null, new Object() {}, null))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests[0]'");
        assertThatThrownBy(() -> client.queueJobs(
                        "parcels",
                        List.of(new JobRequest("alice", null, new ParcelJob.Parcel("bob"), Duration.ofSeconds(-1)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests[0]'")
                .hasMessageContaining("'delay'");
        assertThatThrownBy(() -> client.queueJobs("parcels", "alice", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests'");
        assertThatThrownBy(() -> client.queueJobs("parcels", (List<JobRequest>) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests'");
        List<ParcelJob.Parcel> tooMany = new ArrayList<>();
        for (int i = 0; i <= QueueJobClient.MAX_JOBS_PER_CALL; i++) {
            tooMany.add(new ParcelJob.Parcel("p" + i));
        }
        assertThatThrownBy(() -> client.queueJobs("parcels", "alice", tooMany))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests'");
        assertThat(repository.size()).isZero();
    }

    @Test
    void aJobRequestTakesItsOwnUserTypeAndDelayAndDefaultsToTheClassNameAndNoDelay() {
        List<Long> ids = client.queueJobs(
                "parcels",
                List.of(
                        new JobRequest("alice", "Express", new ParcelJob.Parcel("bob"), Duration.ofMinutes(5)),
                        JobRequest.of("carol", new ParcelJob.Parcel("dave"))));

        BackgroundJobInfo<Long> first = repository.getJob(ids.get(0));
        BackgroundJobInfo<Long> second = repository.getJob(ids.get(1));
        assertThat(first.getUserName()).isEqualTo("alice");
        assertThat(first.getRequestType()).isEqualTo("Express");
        assertThat(first.getNextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(second.getUserName()).isEqualTo("carol");
        assertThat(second.getRequestType()).isEqualTo("Parcel");
        assertThat(second.getNextAttemptAt()).isEqualTo(clock.instant());
    }

    /** A parcel job whose every attempt throws, and that never retries. */
    static final class FailingJob extends BackgroundJobBase<Long, ParcelJob.Parcel, ParcelJob.Receipt> {
        FailingJob(InMemoryJobRepository<Long> repository, SettableClock clock) {
            super(
                    repository,
                    ParcelJob.Parcel.class,
                    ParcelJob.Receipt.class,
                    JobOptions.builder()
                            .clock(clock)
                            .retryPolicy(RetryPolicy.none())
                            .build());
        }

        @Override
        protected ParcelJob.Receipt onExecute(ParcelJob.Parcel request, JobContext<Long> context) {
            throw new IllegalStateException("no courier");
        }
    }

    @Test
    void aRequeuedJobGetsAFreshAttemptBudgetAndItsMessageAgain() {
        FailingJob failing = new FailingJob(repository, clock);
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        failing.execute(id);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(repository.getJob(id).getAttempts()).isEqualTo(1);
        long before = queue.approximateLength("parcels").orElseThrow();

        client.requeue(id);

        BackgroundJobInfo<Long> requeued = repository.getJob(id);
        assertThat(requeued.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(requeued.getAttempts()).isZero();
        assertThat(queue.approximateLength("parcels")).hasValue(before + 1);
    }

    @Test
    void theWaitReturnsTheUnfinishedRecordWhenTheTimeoutPassesAtOnceForANegativeOne() {
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

        long start = System.nanoTime();
        assertThat(client.awaitCompletion(id, Duration.ofMillis(-5)).getStatus())
                .isEqualTo(JobStatus.PENDING);
        assertThat(client.awaitCompletion(id, Duration.ofMillis(50)).getStatus())
                .isEqualTo(JobStatus.PENDING);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
    }

    @Test
    void anInterruptedWaitReturnsTheRecordAndSetsTheFlagAgain() throws Exception {
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

        CompletableFuture<Object[]> waited = CompletableFuture.supplyAsync(() -> {
            Thread.currentThread().interrupt();
            BackgroundJobInfo<Long> job = client.awaitCompletion(id, Duration.ofSeconds(30));
            boolean interrupted = Thread.interrupted();
            return new Object[] {job.getStatus(), interrupted};
        });

        Object[] result = waited.get(10, TimeUnit.SECONDS);
        assertThat(result[0]).isEqualTo(JobStatus.PENDING);
        assertThat(result[1]).isEqualTo(true);
    }

    @Test
    void aChangeMadeInThisProcessEndsTheWait() throws Exception {
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        CompletableFuture<BackgroundJobInfo<Long>> waited =
                CompletableFuture.supplyAsync(() -> client.awaitCompletion(id, Duration.ofSeconds(30)));

        client.cancel(id);

        assertThat(waited.get(10, TimeUnit.SECONDS).getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void sentMarksAreWrittenBeforeQueueJobReturnsOnTheInMemoryRepositorySoTheirWaitReturnsAtOnce()
            throws InterruptedException {
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        assertThat(repository.sentMarksBehindByDefault()).isFalse();
        assertThat(repository.getJob(id).getSentAt()).isEqualTo(clock.instant());
        assertThat(client.awaitSentMarks(Duration.ZERO)).isTrue();
        client.close();
        client.close();
        assertThat(client.repository()).isSameAs(repository);
        assertThat(client.queue()).isSameAs(queue);
    }

    @Test
    void healthChecksRefuseANullListOfQueues() {
        assertThatThrownBy(() -> client.checkHealth(Duration.ofSeconds(1), (String[]) null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'queueNames'");
        assertThatThrownBy(() -> client.checkHealth(Duration.ofSeconds(1), "Bad_Name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThat(client.checkHealth().checks()).extracting(c -> c.name()).containsExactly("repository");
    }

    @Test
    void aJobWhoseSentMarkIsStillWaitingIsRequeuedWithASecondMessageAndOnceMarkedIsRefused()
            throws InterruptedException {
        QueueJobClient<Long> behind = QueueJobClient.builder(repository, queue)
                .clock(clock)
                .writeSentMarksBehind(true)
                .sentMarkDelay(Duration.ofMinutes(1))
                .build();
        try {
            long id = behind.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
            assertThat(repository.getJob(id).getSentAt()).as("the mark waits").isNull();

            behind.requeue(id);

            assertThat(queue.approximateLength("parcels")).hasValue(2);
            assertThat(behind.awaitSentMarks(Duration.ofSeconds(10))).isTrue();
            assertThat(repository.getJob(id).getSentAt()).isNotNull();
            assertThatThrownBy(() -> behind.requeue(id))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PENDING");
        } finally {
            behind.close();
        }
    }
}
