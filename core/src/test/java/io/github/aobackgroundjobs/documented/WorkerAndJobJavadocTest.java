package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.HealthReport;
import io.github.aobackgroundjobs.JobCancelledException;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.delivery.JobMessageHandler;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Javadoc of {@link QueueWorker}'s lifecycle, {@link BackgroundJobBase} and {@link JobContext}. */
class WorkerAndJobJavadocTest {

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).build();

    @Test
    void aWorkerStartsOnceAndNeverAfterItsClose() {
        QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .noSweeper()
                .build();
        assertThat(worker.isRunning()).isFalse();
        worker.start();
        try {
            assertThat(worker.isRunning()).isTrue();
            assertThatThrownBy(worker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("only once");
        } finally {
            assertThat(worker.close(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(worker.isRunning()).isFalse();
        assertThat(worker.close(Duration.ofSeconds(10)))
                .as("a later close answers as the first")
                .isTrue();
        assertThatThrownBy(worker::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWorkerNeverStartedClosesCleanlyAndCannotStartAfterwards() {
        QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .build();
        assertThat(worker.close(Duration.ZERO)).isTrue();
        assertThat(worker.isRunning()).isFalse();
        assertThatThrownBy(worker::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runOnceProcessesOneBatchOnTheCallingThreadWithoutStart() {
        QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .build();
        long first = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        long second = client.queueJob("parcels", "alice", new ParcelJob.Parcel("carol"));

        assertThat(worker.runOnce()).isEqualTo(2);

        assertThat(repository.getJob(first).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(repository.getJob(second).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(worker.stats().outcomes(Outcome.Type.SUCCEEDED)).isEqualTo(2);
        assertThat(worker.stats().processed()).isEqualTo(2);
        assertThat(worker.runOnce()).isZero();
        worker.close(Duration.ZERO);
    }

    @Test
    void theQueueLengthIsAskedOnlyForAQueueTheWorkerReceivesFrom() {
        QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .name("parcel-worker")
                .build();
        client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

        assertThat(worker.name()).isEqualTo("parcel-worker");
        assertThat(worker.queueNames()).containsExactly("parcels");
        assertThatThrownBy(() -> worker.queueNames().add("other")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(worker.approximateQueueLength("parcels")).hasValue(1);
        assertThatThrownBy(() -> worker.approximateQueueLength("letters"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters");
        assertThatThrownBy(() -> worker.approximateQueueLength(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'queueName'");
        worker.close(Duration.ZERO);
    }

    @Test
    void theBuildersOtherArgumentsAreCheckedAsDocumented() {
        QueueWorker.Builder builder = QueueWorker.builder(queue);
        assertThatThrownBy(() -> builder.job("Bad_Name", new ParcelJob(repository)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> builder.job("parcels", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'job'");
        assertThatThrownBy(() -> builder.periodicTask(" ", Duration.ofSeconds(1), () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> builder.periodicTask("task", Duration.ZERO, () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'interval'");
        assertThatThrownBy(() -> builder.periodicTask("task", Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'task'");
        assertThatThrownBy(() -> builder.listener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'listener'");
        assertThatThrownBy(() -> builder.sweeper(null, Duration.ofSeconds(1)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'sweeper'");
        assertThatThrownBy(builder::build).as("no job bound").isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QueueWorker.builder(null)).isInstanceOf(NullPointerException.class);
    }

    /** A parcel job that tells the statuses it is told of, and whose status hook throws. */
    static final class TellingJob extends BackgroundJobBase<Long, ParcelJob.Parcel, ParcelJob.Receipt> {
        final List<String> told = new CopyOnWriteArrayList<>();
        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        TellingJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    ParcelJob.Parcel.class,
                    ParcelJob.Receipt.class,
                    JobOptions.builder().progressInterval(Duration.ZERO).build());
        }

        @Override
        protected ParcelJob.Receipt onExecute(ParcelJob.Parcel request, JobContext<Long> context) {
            attempts.add(context.attempt());
            BackgroundJobInfo<Long> record = context.job();
            record.setStatus(JobStatus.CANCELLED);
            assertThatThrownBy(() -> context.reportProgress(101, "too far"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'percent'");
            assertThatThrownBy(() -> context.reportProgress(-1, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'percent'");
            context.reportProgress(100, "x".repeat(BackgroundJobInfo.MAX_PROGRESS_MESSAGE_LENGTH + 50));
            return new ParcelJob.Receipt(request.to());
        }

        @Override
        protected void onStatusUpdated(Long id, JobStatus status) throws Exception {
            told.add(id + " " + status);
            throw new Exception("a hook that throws");
        }
    }

    @Test
    void aThrowingStatusHookChangesNoOutcomeAndTheContextHandsOutACopy() {
        TellingJob job = new TellingJob(repository);
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

        Outcome outcome = job.execute(id);

        assertThat(outcome.type()).isEqualTo(Outcome.Type.SUCCEEDED);
        assertThat(job.told).containsExactly(id + " RUNNING", id + " SUCCEEDED");
        assertThat(job.attempts).containsExactly(1);
        BackgroundJobInfo<Long> stored = repository.getJob(id);
        assertThat(stored.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(stored.getProgressPercent()).isEqualTo(100);
        assertThat(stored.getProgressMessage()).hasSize(BackgroundJobInfo.MAX_PROGRESS_MESSAGE_LENGTH);
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.ALREADY_DONE);
    }

    @Test
    void aJobKindNamesItsArgumentsAndTellsWhatItWasMadeWith() {
        assertThatThrownBy(() -> new ParcelJob(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'repository'");
        assertThatThrownBy(() -> new ParcelJob(repository, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'options'");
        ParcelJob job = new ParcelJob(repository);
        assertThatThrownBy(() -> job.execute(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'id'");
        assertThat(job.requestTypeName()).isEqualTo("Parcel");
        assertThat(job.keyType()).isEqualTo(JobKeyType.LONG);
        assertThat(job.repository()).isSameAs(repository);
        assertThat(job.options()).isSameAs(JobOptions.defaults());
        assertThat(job.requestClass()).isEqualTo(ParcelJob.Parcel.class);
        assertThat(job.resultClass()).isEqualTo(ParcelJob.Receipt.class);
    }

    /** A parcel job that waits, checking between steps, until its cancel is requested. */
    static final class PatientJob extends BackgroundJobBase<Long, ParcelJob.Parcel, ParcelJob.Receipt> {
        final CountDownLatch started = new CountDownLatch(1);

        PatientJob(JobRepositoryBase<Long> repository) {
            super(repository, ParcelJob.Parcel.class, ParcelJob.Receipt.class);
        }

        @Override
        protected ParcelJob.Receipt onExecute(ParcelJob.Parcel request, JobContext<Long> context)
                throws InterruptedException {
            started.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            // A third of the default 30 s lease is 10 s: seen within 5 s, the request came in-process.
            while (!context.isCancellationRequested() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            context.throwIfCancellationRequested();
            return new ParcelJob.Receipt(request.to());
        }
    }

    @Test
    void aCancelRequestedInThisProcessIsSeenByTheRunningJobBeforeItsNextHeartbeat() throws Exception {
        PatientJob job = new PatientJob(repository);
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> job.execute(id));
        assertThat(job.started.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(client.cancel(id)).isEqualTo(CancelResult.REQUESTED);

        assertThat(run.get(10, TimeUnit.SECONDS).type()).isEqualTo(Outcome.Type.CANCELLED);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    /** A parcel job whose overridden type name no record can have. */
    static final class BlankTypeJob extends BackgroundJobBase<Long, ParcelJob.Parcel, ParcelJob.Receipt> {
        BlankTypeJob(JobRepositoryBase<Long> repository) {
            super(repository, ParcelJob.Parcel.class, ParcelJob.Receipt.class);
        }

        @Override
        public String requestTypeName() {
            return " ";
        }

        @Override
        protected ParcelJob.Receipt onExecute(ParcelJob.Parcel request, JobContext<Long> context) {
            return new ParcelJob.Receipt(request.to());
        }
    }

    @Test
    void aJobWhoseTypeNameNoRecordCanHaveIsRefusedWhenTheWorkerIsBuiltNotByEachDelivery() {
        QueueWorker.Builder builder = QueueWorker.builder(queue).job("parcels", new BlankTypeJob(repository));

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(BlankTypeJob.class.getName())
                .hasMessageContaining("'requestType'");
        assertThatThrownBy(() -> new BlankTypeJob(repository).execute(1L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestType'");
        assertThatThrownBy(() -> JobMessageHandler.of(new BlankTypeJob(repository), "parcels", 5))
                .as("another host's handler is refused the same way")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(BlankTypeJob.class.getName())
                .hasMessageContaining("'requestType'");
    }

    /** A parcel job that ends itself by throwing JobCancelledException, with no cancel requested. */
    static final class GivingUpJob extends BackgroundJobBase<Long, ParcelJob.Parcel, ParcelJob.Receipt> {
        GivingUpJob(JobRepositoryBase<Long> repository) {
            super(repository, ParcelJob.Parcel.class, ParcelJob.Receipt.class);
        }

        @Override
        protected ParcelJob.Receipt onExecute(ParcelJob.Parcel request, JobContext<Long> context) {
            throw new JobCancelledException(context.id());
        }
    }

    @Test
    void aJobThatThrowsJobCancelledExceptionEndsCancelled() {
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

        assertThat(new GivingUpJob(repository).execute(id).type()).isEqualTo(Outcome.Type.CANCELLED);

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void theWorkerChecksDetailsComeInTheDocumentedOrder() {
        QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .name("parcel-worker")
                .build();
        try {
            HealthReport report = worker.checkHealth(Duration.ofSeconds(5));

            assertThat(report.checks())
                    .extracting(HealthReport.Check::name)
                    .containsExactly("worker", "store", "repository", "queue:parcels");
            assertThat(report.check("worker").orElseThrow().details())
                    .containsExactly(
                            Map.entry("name", "parcel-worker"),
                            Map.entry("state", "NEW"),
                            Map.entry("runningJobs", "0"),
                            Map.entry("concurrency", Integer.toString(QueueWorker.DEFAULT_CONCURRENCY)),
                            Map.entry("queueBackingOff", "false"));
        } finally {
            worker.close(Duration.ZERO);
        }
    }

    /** A parcel job that throws an exception whose cause chain loops. */
    static final class LoopingCauseJob extends BackgroundJobBase<Long, ParcelJob.Parcel, ParcelJob.Receipt> {
        LoopingCauseJob(JobRepositoryBase<Long> repository) {
            super(repository, ParcelJob.Parcel.class, ParcelJob.Receipt.class);
        }

        @Override
        protected ParcelJob.Receipt onExecute(ParcelJob.Parcel request, JobContext<Long> context) {
            IllegalStateException outer = new IllegalStateException("outer");
            IllegalArgumentException inner = new IllegalArgumentException("inner");
            outer.initCause(inner);
            inner.initCause(outer);
            throw outer;
        }
    }

    @Test
    void aFailureWhoseCauseChainLoopsIsRetriedAsTheDefaultPolicySays() {
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

        Outcome outcome =
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> new LoopingCauseJob(repository).execute(id));

        assertThat(outcome.type()).isEqualTo(Outcome.Type.RETRY);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(id).getExceptionData()).contains("outer").contains("inner");
    }

    /** A parcel job that reports progress twice. */
    static final class ReportingJob extends BackgroundJobBase<Long, ParcelJob.Parcel, ParcelJob.Receipt> {
        ReportingJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, ParcelJob.Parcel.class, ParcelJob.Receipt.class, options);
        }

        @Override
        protected ParcelJob.Receipt onExecute(ParcelJob.Parcel request, JobContext<Long> context) {
            context.reportProgress(10, "first");
            context.reportProgress(20, "held back by the interval");
            return new ParcelJob.Receipt(request.to());
        }
    }

    @Test
    void theOptionsTakeAnyLongIntervalTheirBuilderAcceptsAndJobsRunUnderThem() {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        JobOptions options = JobOptions.builder()
                .progressInterval(forever)
                .completionRetryTimeout(forever)
                .leaseDuration(forever)
                .build();
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

        Outcome outcome = assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> new ReportingJob(repository, options).execute(id));

        assertThat(outcome.type()).isEqualTo(Outcome.Type.SUCCEEDED);
        BackgroundJobInfo<Long> job = repository.getJob(id);
        assertThat(job.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(job.getProgressPercent()).as("the last reported wins").isEqualTo(20);
    }

    @Test
    void aWorkerTakesAnyLongIntervalItsBuilderAcceptsAndStillRunsAndReportsItsHealth() throws Exception {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        CountDownLatch taskRan = new CountDownLatch(1);
        QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .maxPollInterval(forever)
                .maxOutageBackoff(forever)
                .sweepInterval(forever)
                .periodicTask("once", forever, taskRan::countDown)
                .build();
        try {
            worker.start();
            long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

            assertThat(client.awaitCompletion(id, forever).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(taskRan.await(10, TimeUnit.SECONDS))
                    .as("a periodic task runs first at start")
                    .isTrue();
            assertThat(worker.checkHealth(forever).up()).isTrue();
            assertThat(client.checkHealth(forever, "parcels").up()).isTrue();
            assertThat(client.awaitSentMarks(forever)).isTrue();
        } finally {
            assertThat(worker.close(Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aSweeperTakesAnyLongThresholdItsBuilderAccepts() {
        Duration forever = ChronoUnit.FOREVER.getDuration();
        JobSweeper<Long> sweeper = JobSweeper.builder(repository, queue)
                .unsentGrace(forever)
                .staleAfter(forever)
                .build();
        client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

        JobSweeper.SweepReport report = sweeper.sweepOnce();

        assertThat(report.found()).isZero();
    }
}
