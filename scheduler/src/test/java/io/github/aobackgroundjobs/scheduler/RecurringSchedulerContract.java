package io.github.aobackgroundjobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@code RecurringJobStore} must do under the scheduler, on a settable clock:
 * extended once per store (in memory, H2, PostgreSQL).
 *
 * @param <K> the key type
 */
abstract class RecurringSchedulerContract<K> {

    static final Instant START = Instant.parse("2026-12-05T10:00:00.250Z");
    static final String QUEUE = "reports";

    SettableClock clock;
    InMemoryJobQueue queue;
    RecurringJobStore<K> store;

    /** @return a fresh store over a fresh, empty job repository (that is also a query repository) */
    abstract RecurringJobStore<K> newStore();

    @BeforeEach
    void setUp() {
        clock = new SettableClock(START, ZoneOffset.UTC);
        queue = new InMemoryJobQueue(clock);
        store = newStore();
    }

    RecurringScheduler.Builder<K> scheduler() {
        return RecurringScheduler.builder(store, queue).clock(clock).retention(RetentionPolicy.disabled());
    }

    static RecurringJob everySecond(String name, MissedFirePolicy policy) {
        return RecurringJob.builder(name)
                .every(Duration.ofSeconds(1))
                .queue(QUEUE)
                .user("ops")
                .request(new RecurringJobValidationTest.Ping(name))
                .missedFirePolicy(policy)
                .lateness(Duration.ofSeconds(5))
                .build();
    }

    @SuppressWarnings("unchecked")
    JobQueryRepository<K> query() {
        return (JobQueryRepository<K>) store.repository();
    }

    List<BackgroundJobInfo<K>> jobs() {
        return query().findJobs(JobQuery.builder().pageSize(200).build()).items();
    }

    @Test
    void eachFireTime_queuesOneOrdinaryJob_evenWithTwoSchedulersOnOneStore() {
        RecurringScheduler<K> a =
                scheduler().declare(everySecond("tick", MissedFirePolicy.SKIP)).build();
        RecurringScheduler<K> b =
                scheduler().declare(everySecond("tick", MissedFirePolicy.SKIP)).build();
        int queued = 0;
        for (int i = 0; i < 20; i++) {
            clock.advance(Duration.ofMillis(500));
            queued += a.fireDue().queued();
            queued += b.fireDue().queued();
        }
        // From 10:00:00.250 to 10:00:10.250: fire times 10:00:01 .. 10:00:10.
        assertThat(queued).isEqualTo(10);
        List<BackgroundJobInfo<K>> jobs = jobs();
        assertThat(jobs).hasSize(10);
        for (BackgroundJobInfo<K> job : jobs) {
            assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(job.getQueueName()).isEqualTo(QUEUE);
            assertThat(job.getUserName()).isEqualTo("ops");
            assertThat(job.getRequestData()).contains("tick");
            assertThat(job.getSentAt()).isNotNull();
        }
        assertThat(queue.approximateLength(QUEUE)).hasValue(10);
        DefinitionState state = a.get("tick");
        assertThat(state.lastFireAt()).isEqualTo(Instant.parse("2026-12-05T10:00:10Z"));
        assertThat(state.nextFireAt()).isEqualTo(Instant.parse("2026-12-05T10:00:11Z"));
        assertThat(state.lastJobId()).isNotNull();
        assertThat(state.declared()).isTrue();
    }

    @Test
    void concurrentSchedulers_onThreads_neverDoubleAFireTime() throws Exception {
        List<RecurringScheduler<K>> schedulers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            schedulers.add(scheduler()
                    .declare(everySecond("race", MissedFirePolicy.SKIP))
                    .build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            int queued = 0;
            for (int round = 0; round < 30; round++) {
                clock.advance(Duration.ofSeconds(1));
                List<Future<FireReport>> results = new ArrayList<>();
                for (RecurringScheduler<K> s : schedulers) {
                    results.add(pool.submit((Callable<FireReport>) s::fireDueJobs));
                }
                for (Future<FireReport> f : results) {
                    queued += f.get(30, TimeUnit.SECONDS).queued();
                }
            }
            assertThat(queued).isEqualTo(30);
            assertThat(jobs()).hasSize(30);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void moreFailingDefinitionsThanARoundHandles_neverHoldBackTheOthers_andEachIsRetriedInTurn() {
        FailingFires<K> failing = new FailingFires<>(store, "broken-");
        RecurringScheduler.Builder<K> builder = RecurringScheduler.builder(failing, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .interval(Duration.ofSeconds(2))
                        .pause(Duration.ZERO)
                        .build());
        int broken = RecurringScheduler.DEFAULT_MAX_DEFINITIONS_PER_ROUND * 3 / 2;
        for (int i = 0; i < broken; i++) {
            builder.declare(everySecond("broken-" + i, MissedFirePolicy.SKIP));
        }
        // Every two seconds: due after the broken ones (10:00:01), so behind them in the store's list.
        RecurringScheduler<K> s = builder.declare(RecurringJob.builder("healthy")
                        .every(Duration.ofSeconds(2))
                        .queue(QUEUE)
                        .user("ops")
                        .request(new RecurringJobValidationTest.Ping("healthy"))
                        .build())
                .build();

        clock.advance(Duration.ofSeconds(2));
        FireReport first = s.fireDue();
        assertThat(first.queued()).isEqualTo(1);
        assertThat(first.tasksRun()).isEqualTo(1);
        assertThat(first.failedDefinitions()).isEqualTo(broken);
        for (int round = 0; round < 2; round++) {
            clock.advance(Duration.ofSeconds(2));
            FireReport next = s.fireDue();
            assertThat(next.queued()).isEqualTo(1);
            assertThat(next.tasksRun()).isEqualTo(1);
            // Retries are bounded per round, the least recently tried first.
            assertThat(next.failedDefinitions()).isEqualTo(RecurringScheduler.DEFAULT_MAX_DEFINITIONS_PER_ROUND);
        }
        assertThat(failing.attempts()).hasSize(broken);
        assertThat(failing.attempts().values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(2));
        assertThat(jobs()).hasSize(3);
    }

    @Test
    void aDefinitionWhoseFireThrowsAnError_isCountedAsFailed_andHoldsBackNoOther() {
        // A custom store's AssertionError or NoClassDefFoundError: thrown on, it ended every round
        // at the same definition, the earliest due, so the definitions behind it never fired.
        FailingFires<K> failing =
                new FailingFires<>(store, "broken-", name -> new AssertionError("store bug firing " + name));
        RecurringScheduler<K> s = RecurringScheduler.builder(failing, queue)
                .clock(clock)
                .declare(everySecond("broken-first", MissedFirePolicy.SKIP))
                .declare(RecurringJob.builder("healthy")
                        .every(Duration.ofSeconds(2))
                        .queue(QUEUE)
                        .user("ops")
                        .request(new RecurringJobValidationTest.Ping("healthy"))
                        .build())
                .build();

        clock.advance(Duration.ofSeconds(2));
        FireReport first = s.fireDueJobs();
        clock.advance(Duration.ofSeconds(2));
        FireReport second = s.fireDueJobs();

        assertThat(first.queued()).isEqualTo(1);
        assertThat(first.failedDefinitions()).isEqualTo(1);
        assertThat(second.queued()).isEqualTo(1);
        assertThat(second.failedDefinitions()).isEqualTo(1);
        assertThat(failing.attempts()).containsEntry("broken-first", 2);
        assertThat(jobs()).hasSize(2);
    }

    @Test
    void moreDueJobDefinitionsThanOneReadHolds_neverHoldBackTheRetentionTask() {
        RecurringScheduler.Builder<K> builder = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder().pause(Duration.ZERO).build());
        // More than a round's read of due rows (twice the round's limit) still due after one round of jobs.
        int many = RecurringScheduler.DEFAULT_MAX_DEFINITIONS_PER_ROUND * 3 + 20;
        for (int i = 0; i < many; i++) {
            // Due at 10:01, before the retention task (every 15 minutes: 10:15), so ahead of it in the store's list.
            builder.declare(RecurringJob.builder("minutely-" + i)
                    .every(Duration.ofMinutes(1))
                    .queue(QUEUE)
                    .user("ops")
                    .request(new RecurringJobValidationTest.Ping("m"))
                    // One job per definition and round: the missed fire times queue none.
                    .missedFirePolicy(MissedFirePolicy.SKIP)
                    .build());
        }
        RecurringScheduler<K> s = builder.build();

        clock.advance(Duration.ofMinutes(15));
        // The worker's second timer, on its own: all the job definitions are still due.
        FireReport tasks = s.runDueTasks();
        assertThat(tasks.tasksRun()).isEqualTo(1);
        assertThat(tasks.queued()).isZero();
        DefinitionState retention = s.get(RetentionPolicy.DEFINITION_NAME);
        assertThat(retention.lastFireAt()).isEqualTo(Instant.parse("2026-12-05T10:15:00Z"));
        assertThat(retention.lastRunSummary()).startsWith("deleted 0");

        clock.advance(Duration.ofMinutes(15));
        // One round of both (FunctionsRecurringTimer): the round's limit of job definitions, and retention.
        FireReport round = s.fireDue();
        assertThat(round.queued()).isEqualTo(RecurringScheduler.DEFAULT_MAX_DEFINITIONS_PER_ROUND);
        assertThat(round.tasksRun()).isEqualTo(1);
        assertThat(s.get(RetentionPolicy.DEFINITION_NAME).lastFireAt())
                .isEqualTo(Instant.parse("2026-12-05T10:30:00Z"));
        assertThat(s.runDueTasks().tasksRun()).as("its fire is taken once").isZero();
    }

    @Test
    void missedFires_skip_queueNothingForThem_thenGoOn() {
        RecurringScheduler<K> s = scheduler()
                .declare(everySecond("skipper", MissedFirePolicy.SKIP))
                .build();
        clock.advance(Duration.ofMinutes(10));
        FireReport report = s.fireDue();
        // Lateness 5 s: the fire times of the last 5 seconds are still on time.
        assertThat(report.skippedRanges()).isEqualTo(1);
        assertThat(report.queued()).isEqualTo(5);
        clock.advance(Duration.ofSeconds(1));
        assertThat(s.fireDue().queued()).isEqualTo(1);
    }

    @Test
    void missedFires_runOnce_queueOneJobForAllOfThem() {
        RecurringScheduler<K> s = scheduler()
                .declare(everySecond("catchup", MissedFirePolicy.RUN_ONCE))
                .build();
        clock.advance(Duration.ofMinutes(10));
        FireReport report = s.fireDue();
        assertThat(report.queued()).isEqualTo(1 + 5);
        assertThat(report.skippedRanges()).isEqualTo(1);
        assertThat(jobs()).hasSize(6);
    }

    @Test
    void declaringAgain_replacesTheDefinition_andAnOmittedOneStaysAsNotDeclared() {
        scheduler()
                .declare(everySecond("kept", MissedFirePolicy.SKIP))
                .declare(everySecond("dropped", MissedFirePolicy.SKIP))
                .build();
        RecurringJob changed = RecurringJob.builder("kept")
                .cron("0 0 3 * * *")
                .zone("Europe/Berlin")
                .queue(QUEUE)
                .user("ops")
                .request(new RecurringJobValidationTest.Ping("v2"))
                .build();
        RecurringScheduler<K> s = scheduler().declare(changed).build();
        DefinitionState kept = s.get("kept");
        assertThat(kept.definition().schedule()).isEqualTo("cron 0 0 3 * * *");
        assertThat(kept.definition().zone().getId()).isEqualTo("Europe/Berlin");
        assertThat(kept.nextFireAt()).isEqualTo(Instant.parse("2026-12-06T02:00:00Z"));
        DefinitionState dropped = s.get("dropped");
        assertThat(dropped.declared()).isFalse();

        // Not declared: it does not fire, and only it can be deleted.
        clock.advance(Duration.ofSeconds(3));
        assertThat(s.fireDue().queued()).isZero();
        assertThatThrownBy(() -> s.delete("kept")).isInstanceOf(IllegalStateException.class);
        s.delete("dropped");
        assertThat(s.find("dropped")).isEmpty();
        assertThatThrownBy(() -> s.delete("dropped")).isInstanceOf(RecurringJobNotFoundException.class);
    }

    @Test
    void aSchedulerThatDeclaresNothing_changesNoDefinition() {
        scheduler().declare(everySecond("a", MissedFirePolicy.SKIP)).build();
        RecurringScheduler<K> viewer = scheduler().build();
        assertThat(viewer.get("a").declared()).isTrue();
        scheduler().declareNone().build();
        assertThat(viewer.get("a").declared()).isFalse();
    }

    @Test
    void theRetentionTaskIsListed_andRunNowOfItIsRefusedNamingRunRetentionNow() {
        RecurringScheduler<K> s = scheduler()
                .retention(RetentionPolicy.defaults())
                .declare(everySecond("ops", MissedFirePolicy.RUN_ONCE))
                .build();
        assertThat(s.list())
                .extracting(d -> d.name() + ":" + d.definition().kind())
                .containsExactlyInAnyOrder("ops:JOB", RetentionPolicy.DEFINITION_NAME + ":TASK");

        assertThatThrownBy(() -> s.runNow(RetentionPolicy.DEFINITION_NAME))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("runRetentionNow()");
        assertThat(jobs()).isEmpty();
    }

    @Test
    void runNow_pause_resume() {
        RecurringScheduler<K> s = scheduler()
                .declare(everySecond("ops", MissedFirePolicy.RUN_ONCE))
                .build();
        K id = s.runNow("ops");
        assertThat(s.get("ops").lastJobId())
                .isEqualTo(store.repository().keyType().format(id));
        assertThat(store.repository().getJob(id).getSentAt()).isNotNull();

        s.pause("ops");
        assertThat(s.get("ops").paused()).isTrue();
        clock.advance(Duration.ofMinutes(5));
        assertThat(s.fireDue().queued()).isZero();
        s.resume("ops");
        DefinitionState resumed = s.get("ops");
        assertThat(resumed.paused()).isFalse();
        assertThat(resumed.nextFireAt()).isAfter(clock.instant());
        clock.advance(Duration.ofSeconds(2));
        assertThat(s.fireDue().queued()).isEqualTo(2);
        assertThat(jobs()).hasSize(3);
        assertThatThrownBy(() -> s.runNow("nope")).isInstanceOf(RecurringJobNotFoundException.class);
        assertThatThrownBy(() -> s.pause("nope")).isInstanceOf(RecurringJobNotFoundException.class);
    }

    @Test
    void firedJobs_runUnderAQueueWorker_likeAnyOther() {
        RecurringScheduler<K> s =
                scheduler().declare(everySecond("tick", MissedFirePolicy.SKIP)).build();
        PingJob<K> job = new PingJob<>(store.repository(), clock);
        io.github.aobackgroundjobs.QueueWorker worker = io.github.aobackgroundjobs.QueueWorker.builder(queue)
                .job(QUEUE, job)
                .build();
        clock.advance(Duration.ofSeconds(3));
        s.fireDue();
        assertThat(worker.runOnce()).isEqualTo(3);
        assertThat(job.seen()).containsExactly("tick", "tick", "tick");
        for (BackgroundJobInfo<K> j : jobs()) {
            assertThat(j.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        }
    }

    @Test
    void retention_deletesFinishedRecordsOlderThanTheirAge_inBatches_andRecordsTheRun() {
        JobRepositoryBase<K> repository = store.repository();
        QueueJobClient<K> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        List<K> old = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            old.add(finish(client, i % 2 == 0 ? JobStatus.SUCCEEDED : JobStatus.FAILED));
        }
        clock.advance(Duration.ofDays(8));
        K recent = finish(client, JobStatus.SUCCEEDED);
        K pending = client.queueJob(QUEUE, "u", new RecurringJobValidationTest.Ping("p"));
        clock.advance(Duration.ofDays(1));

        RecurringScheduler<K> s = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .batchSize(5)
                        .pause(Duration.ZERO)
                        .build())
                .declareNone()
                .build();
        assertThat(s.get(RetentionPolicy.DEFINITION_NAME).definition().kind().name())
                .isEqualTo("TASK");
        RetentionReport report = s.runRetentionNow();
        // 13 SUCCEEDED older than 7 days go; 12 FAILED are only 9 days old (30 days kept).
        assertThat(report.deletedByStatus().get(JobStatus.SUCCEEDED)).isEqualTo(13);
        assertThat(report.deletedByStatus().get(JobStatus.FAILED)).isZero();
        assertThat(repository.findJob(recent)).isPresent();
        assertThat(repository.findJob(pending)).isPresent();
        assertThat(s.get(RetentionPolicy.DEFINITION_NAME).lastRunSummary()).contains("deleted 13");
        long failedLeft =
                old.stream().filter(id -> repository.findJob(id).isPresent()).count();
        assertThat(failedLeft).isEqualTo(12);
    }

    @Test
    void retention_cutShortByItsBatchLimit_isCompleteExactlyWhenNothingIsLeft() {
        QueueJobClient<K> client =
                QueueJobClient.builder(store.repository(), queue).clock(clock).build();
        for (int i = 0; i < 15; i++) {
            finish(client, JobStatus.SUCCEEDED);
        }
        clock.advance(Duration.ofDays(8));
        // The cleared records' batch, then two of the SUCCEEDED ones: the limit stops each run there.
        RecurringScheduler<K> s = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .batchSize(5)
                        .maxBatchesPerRun(3)
                        .pause(Duration.ZERO)
                        .build())
                .declareNone()
                .build();

        RetentionReport first = s.runRetentionNow();
        assertThat(first.deletedByStatus().get(JobStatus.SUCCEEDED)).isEqualTo(10);
        assertThat(first.batches()).isEqualTo(3);
        assertThat(first.complete()).as("5 SUCCEEDED records are left").isFalse();
        assertThat(first.summary()).endsWith("; more left for the next run");

        // The last 5 in the last batch, exactly its size: the limit stops the run, with nothing left.
        RetentionReport second = s.runRetentionNow();
        assertThat(second.deletedByStatus().get(JobStatus.SUCCEEDED)).isEqualTo(5);
        assertThat(second.batches()).isEqualTo(3);
        assertThat(second.complete()).isTrue();
        assertThat(second.summary()).doesNotContain("more left");
        assertThat(s.get(RetentionPolicy.DEFINITION_NAME).lastRunSummary()).doesNotContain("more left");
        assertThat(store.hasFinishedJobs(JobStatus.SUCCEEDED, false, clock.instant()))
                .isFalse();
        assertThatThrownBy(() -> store.hasFinishedJobs(JobStatus.PENDING, false, clock.instant()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'status'");

        // A rule the limit did not reach (CANCELLED, after SUCCEEDED, FAILED and ABORTED) with a record left.
        finish(client, JobStatus.CANCELLED);
        clock.advance(Duration.ofDays(31));
        RetentionReport third = s.runRetentionNow();
        assertThat(third.deletedJobs()).isZero();
        assertThat(third.complete()).as("the CANCELLED record is left").isFalse();
        assertThat(store.hasFinishedJobs(JobStatus.CANCELLED, false, clock.instant()))
                .isTrue();
    }

    @Test
    void retention_runsOnItsOwnSchedule_inOneSchedulerOnly() {
        RetentionPolicy policy =
                RetentionPolicy.builder().interval(Duration.ofMinutes(15)).build();
        RecurringScheduler<K> a = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(policy)
                .declareNone()
                .build();
        RecurringScheduler<K> b = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(policy)
                .declareNone()
                .build();
        assertThat(a.fireDue().tasksRun() + b.fireDue().tasksRun()).isZero();
        clock.advance(Duration.ofMinutes(46));
        int runs = a.fireDue().tasksRun() + b.fireDue().tasksRun();
        assertThat(runs).isEqualTo(1);
        DefinitionState state = a.get(RetentionPolicy.DEFINITION_NAME);
        assertThat(state.lastRunSummary()).startsWith("deleted 0");
        assertThat(state.lastFireAt()).isEqualTo(Instant.parse("2026-12-05T10:45:00Z"));
        assertThat(state.nextFireAt()).isEqualTo(Instant.parse("2026-12-05T11:00:00Z"));
    }

    K finish(QueueJobClient<K> client, JobStatus status) {
        K id = client.queueJob(QUEUE, "u", new RecurringJobValidationTest.Ping("f"));
        FinishedJobs.finish(store.repository(), id, clock.instant(), status);
        return id;
    }

    static Set<String> names(List<DefinitionState> states) {
        Set<String> set = new HashSet<>();
        states.forEach(s -> set.add(s.name()));
        return set;
    }
}
