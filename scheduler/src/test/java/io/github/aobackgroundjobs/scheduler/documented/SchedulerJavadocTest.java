package io.github.aobackgroundjobs.scheduler.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.ExecutionContext;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.scheduler.FinishedJobs;
import io.github.aobackgroundjobs.scheduler.FunctionsRecurringTimer;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.RetentionReport;
import io.github.aobackgroundjobs.scheduler.Schedule;
import io.github.aobackgroundjobs.scheduler.TestDatabases;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.memory.InMemoryRecurringJobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Javadoc of the scheduler's public API, read as a new user, on H2 and PostgreSQL. */
class SchedulerJavadocTest {

    record ReportRequest(String period) {}

    private static final Duration FOREVER = ChronoUnit.FOREVER.getDuration();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:30Z"), ZoneOffset.UTC);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);

    private static DataSource database(String name) {
        return name.equals("h2") ? TestDatabases.h2() : TestDatabases.postgres();
    }

    private static JdbiJobRepository<Long> repository(DataSource ds) {
        return JdbiJobRepository.builder(ds)
                .tableName(TestDatabases.uniqueName("jobs"))
                .createOrMigrateSchema(true)
                .build();
    }

    private static JdbiRecurringJobStore.Builder<Long> store(DataSource ds, JdbiJobRepository<Long> repository) {
        return JdbiRecurringJobStore.builder(ds, repository).createOrMigrateSchema(true);
    }

    private static RecurringJob everyMinute(String name) {
        return RecurringJob.builder(name)
                .every(Duration.ofMinutes(1))
                .queue("reports")
                .user("ops")
                .request(new ReportRequest("daily"))
                .build();
    }

    // ---------------------------------------------------------------- ranges of durations

    @Test
    void aPollIntervalBeyondTheMillisecondRangeIsRefusedNamingIt() {
        RecurringScheduler.Builder<Long> b = RecurringScheduler.builder(
                store(TestDatabases.h2(), repository(TestDatabases.h2())).build(), queue);
        refused(() -> b.pollInterval(FOREVER), IllegalArgumentException.class, "'pollInterval'");
    }

    @Test
    void anIntervalTooLongToCountInMillisecondsIsRefusedNamingInterval() {
        Duration tooLong = Duration.ofSeconds(Long.MAX_VALUE);
        refused(() -> Schedule.every(tooLong), IllegalArgumentException.class, "'interval'");
        refused(() -> RetentionPolicy.builder().interval(tooLong), IllegalArgumentException.class, "'interval'");
        refused(() -> RecurringJob.builder("x").every(tooLong), IllegalArgumentException.class, "'interval'");
    }

    @Test
    void anIntervalLongerThanMaxIntervalIsRefusedNamingIntervalAndTheLimit() {
        for (Duration tooLong :
                new Duration[] {Schedule.MAX_INTERVAL.plusMillis(1), Duration.ofMillis(Long.MAX_VALUE)}) {
            for (ThrowingCallable call : new ThrowingCallable[] {
                () -> Schedule.every(tooLong),
                () -> RetentionPolicy.builder().interval(tooLong),
                () -> RecurringJob.builder("x").every(tooLong)
            }) {
                assertThatThrownBy(call)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith("'interval' must be at most 365250 days (PT8766000H)")
                        .hasMessageEndingWith("not " + tooLong + ".");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theLongestIntervalsFireTimesAreStoredAndFire(String db) {
        DataSource ds = database(db);
        Instant first = Instant.EPOCH.plus(Schedule.MAX_INTERVAL);
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                        store(ds, repository(ds)).build(), queue)
                .clock(clock)
                .retention(RetentionPolicy.disabled())
                .declare(RecurringJob.builder("millennial")
                        .every(Schedule.MAX_INTERVAL)
                        .queue("reports")
                        .user("ops")
                        .request(new ReportRequest("daily"))
                        .build())
                .build();
        assertThat(scheduler.get("millennial").nextFireAt()).isEqualTo(first);

        clock.set(first.plusSeconds(1));
        assertThat(scheduler.fireDueJobs().queued()).isEqualTo(1);
        assertThat(scheduler.get("millennial").nextFireAt()).isEqualTo(first.plus(Schedule.MAX_INTERVAL));
    }

    @Test
    void theRetentionIntervalIsRefusedByItsBuilderUnlessWholeMilliseconds() {
        refused(
                () -> RetentionPolicy.builder().interval(Duration.ofSeconds(1, 1)),
                IllegalArgumentException.class,
                "'interval'");
        RetentionPolicy policy =
                RetentionPolicy.builder().interval(Duration.ofMillis(1_500)).build();
        DataSource ds = TestDatabases.h2();
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                        store(ds, repository(ds)).build(), queue)
                .clock(clock)
                .retention(policy)
                .declareNone()
                .build();
        assertThat(scheduler.storedRetention())
                .hasValueSatisfying(p -> assertThat(p.interval()).isEqualTo(Duration.ofMillis(1_500)));
    }

    @Test
    void aLatenessTooLongToCountInMillisecondsIsRefusedNamingLateness() {
        refused(() -> RecurringJob.builder("x").lateness(FOREVER), IllegalArgumentException.class, "'lateness'");
        assertThatThrownBy(() -> RecurringJob.builder("x")
                        .lateness(Duration.ofMillis(Long.MAX_VALUE).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lateness'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theLongestLatenessIsStoredAndNothingCountsAsMissed(String db) {
        DataSource ds = database(db);
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                        store(ds, repository(ds)).build(), queue)
                .clock(clock)
                .declare(RecurringJob.builder("patient")
                        .every(Duration.ofMinutes(1))
                        .lateness(Duration.ofMillis(Long.MAX_VALUE))
                        .queue("reports")
                        .user("ops")
                        .request(new ReportRequest("daily"))
                        .build())
                .maxFiresPerRound(10)
                .build();
        clock.set(Instant.parse("2026-01-01T01:00:30Z"));
        assertThat(scheduler.fireDueJobs().queued()).isEqualTo(10);
        assertThat(scheduler.get("patient").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T00:11:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStateKeptForeverIsNeverDeletedWhileTheOthersAre(String db) {
        DataSource ds = database(db);
        JdbiJobRepository<Long> repository = repository(ds);
        JdbiRecurringJobStore<Long> store = store(ds, repository).build();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        Long failed = finish(client, repository, JobStatus.FAILED);
        Long succeeded = finish(client, repository, JobStatus.SUCCEEDED);
        clock.advance(Duration.ofDays(400));
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .age(JobStatus.FAILED, FOREVER)
                        .clearedAge(FOREVER)
                        .fireRecordAge(FOREVER)
                        .build())
                .declareNone()
                .build();

        RetentionReport report = scheduler.runRetentionNow();

        assertThat(report.deletedByStatus().get(JobStatus.SUCCEEDED)).isEqualTo(1);
        assertThat(report.deletedByStatus().get(JobStatus.FAILED)).isZero();
        assertThat(repository.findJob(succeeded)).isEmpty();
        assertThat(repository.findJob(failed)).isPresent();
        assertThat(scheduler.storedRetention())
                .hasValueSatisfying(
                        p -> assertThat(p.ages().get(JobStatus.FAILED)).isEqualTo(FOREVER));
        clock.advance(Duration.ofMinutes(16));
        assertThat(scheduler.fireDue().tasksRun()).as("the scheduled run too").isEqualTo(1);
        assertThat(repository.findJob(failed)).isPresent();
    }

    private Long finish(QueueJobClient<Long> client, JdbiJobRepository<Long> repository, JobStatus status) {
        Long id = client.queueJob("reports", "ops", new ReportRequest("once"));
        FinishedJobs.finish(repository, id, clock.instant(), status);
        return id;
    }

    // ---------------------------------------------------------------- the store's query timeout

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStoreQueryTimeoutBeyondTheJdbcRangeStillLetsEveryStatementRun(String db) {
        DataSource ds = database(db);
        JdbiRecurringJobStore<Long> store = store(ds, repository(ds))
                .queryTimeout(Duration.ofSeconds(Integer.MAX_VALUE + 1L))
                .build();
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(everyMinute("tick"))
                .build();
        clock.set(Instant.parse("2026-01-01T00:01:10Z"));
        assertThat(scheduler.fireDue().queued()).isEqualTo(1);
        assertThat(scheduler.list()).hasSize(2);
    }

    // ---------------------------------------------------------------- pause and resume

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void resumingADefinitionThatIsNotPausedChangesNothing(String db) {
        DataSource ds = database(db);
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                        store(ds, repository(ds)).build(), queue)
                .clock(clock)
                .declare(everyMinute("tick"))
                .build();
        clock.set(Instant.parse("2026-01-01T00:01:20Z"));

        scheduler.resume("tick");

        assertThat(scheduler.get("tick").paused()).isFalse();
        assertThat(scheduler.get("tick").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
        assertThat(scheduler.fireDueJobs().queued())
                .as("the due fire time is still queued")
                .isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void pausingTwiceAndResumingTwiceIsThePauseAndTheResumeOnce(String db) {
        DataSource ds = database(db);
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                        store(ds, repository(ds)).build(), queue)
                .clock(clock)
                .declare(everyMinute("tick"))
                .build();
        scheduler.pause("tick");
        clock.set(Instant.parse("2026-01-01T00:03:20Z"));
        scheduler.pause("tick");
        assertThat(scheduler.get("tick").paused()).isTrue();
        assertThat(scheduler.fireDueJobs().queued()).isZero();

        scheduler.resume("tick");
        clock.set(Instant.parse("2026-01-01T00:03:40Z"));
        scheduler.resume("tick");

        assertThat(scheduler.get("tick").paused()).isFalse();
        assertThat(scheduler.get("tick").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T00:04:00Z"));
    }

    // ---------------------------------------------------------------- storedRetention, runNow

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void afterADeclarationWithRetentionDisabledTheStoredPolicyIsDisabled(String db) {
        DataSource ds = database(db);
        JdbiRecurringJobStore<Long> store = store(ds, repository(ds)).build();
        RecurringScheduler<Long> web =
                RecurringScheduler.builder(store, queue).clock(clock).build();
        assertThat(web.storedRetention()).as("nothing stored yet").isEmpty();
        RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder()
                        .age(JobStatus.SUCCEEDED, Duration.ofDays(2))
                        .build())
                .declareNone()
                .build();
        assertThat(web.storedRetention())
                .hasValueSatisfying(
                        p -> assertThat(p.ages().get(JobStatus.SUCCEEDED)).isEqualTo(Duration.ofDays(2)));

        RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.disabled())
                .declareNone()
                .build();

        assertThat(web.storedRetention())
                .as("the workers run no retention")
                .hasValueSatisfying(p -> assertThat(p.enabled()).isFalse());
        clock.advance(Duration.ofHours(1));
        assertThat(RecurringScheduler.builder(store, queue)
                        .clock(clock)
                        .build()
                        .fireDue()
                        .tasksRun())
                .isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void runNowQueuesAJobOfAPausedDefinitionWhichStaysPaused(String db) {
        DataSource ds = database(db);
        JdbiJobRepository<Long> repository = repository(ds);
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                        store(ds, repository).build(), queue)
                .clock(clock)
                .declare(everyMinute("tick"))
                .build();
        scheduler.pause("tick");

        Long id = scheduler.runNow("tick");

        assertThat(repository.findJob(id))
                .hasValueSatisfying(j -> assertThat(j.getQueueName()).isEqualTo("reports"));
        assertThat(scheduler.get("tick").paused()).isTrue();
        assertThat(scheduler.get("tick").lastJobId()).isEqualTo(id.toString());
        clock.set(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(scheduler.fireDueJobs().queued()).isZero();
    }

    // ---------------------------------------------------------------- Schedule bounds

    @Test
    void aSixFieldCronFiresOnWholeSecondsWhateverTheFractionOfTheBound() {
        Schedule everySecond = Schedule.cron("* * * * * *");
        Schedule everyTen = Schedule.cron("*/10 * * * * *");
        Instant half = Instant.parse("2026-12-04T09:10:00.500Z");
        assertThat(everySecond.nextAfter(half, ZoneOffset.UTC)).contains(Instant.parse("2026-12-04T09:10:01Z"));
        assertThat(everyTen.nextAfter(half, ZoneOffset.UTC)).contains(Instant.parse("2026-12-04T09:10:10Z"));
        assertThat(everyTen.nextAfter(Instant.parse("2026-12-04T09:10:09.999Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-04T09:10:10Z"));
        assertThat(everySecond.lastBefore(half, ZoneOffset.UTC)).contains(Instant.parse("2026-12-04T09:10:00Z"));
        Instant onTheSecond = Instant.parse("2026-12-04T09:10:00Z");
        assertThat(everySecond.firstAtOrAfter(onTheSecond, ZoneOffset.UTC)).contains(onTheSecond);
        assertThat(everySecond.nextAfter(onTheSecond, ZoneOffset.UTC)).contains(Instant.parse("2026-12-04T09:10:01Z"));
        assertThat(everySecond.lastBefore(onTheSecond, ZoneOffset.UTC)).contains(Instant.parse("2026-12-04T09:09:59Z"));
    }

    @Test
    void aDefinitionDeclaredAtAClockWithMillisecondsFiresOnTheCronsSeconds() {
        clock.set(Instant.parse("2026-01-01T00:00:30.250Z"));
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                        new InMemoryRecurringJobStore<>(repository), queue)
                .clock(clock)
                .declare(RecurringJob.builder("tick")
                        .cron("* * * * * *")
                        .queue("reports")
                        .user("ops")
                        .request(new ReportRequest("daily"))
                        .build())
                .build();
        assertThat(scheduler.get("tick").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T00:00:31Z"));
        clock.set(Instant.parse("2026-01-01T00:00:33.100Z"));
        assertThat(scheduler.fireDueJobs().queued()).isEqualTo(3);
        assertThat(scheduler.get("tick").lastFireAt()).isEqualTo(Instant.parse("2026-01-01T00:00:33Z"));
        assertThat(scheduler.get("tick").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T00:00:34Z"));
    }

    // ---------------------------------------------------------------- RecurringJob.Builder

    @Test
    void buildNamesEachMissingFieldAndNullsAreRefusedNamingTheField() {
        RecurringJob.Builder noQueue = RecurringJob.builder("r")
                .every(Duration.ofMinutes(1))
                .user("ops")
                .request(new ReportRequest("d"));
        refused(noQueue::build, IllegalStateException.class, "'queueName'");
        RecurringJob.Builder noUser = RecurringJob.builder("r")
                .every(Duration.ofMinutes(1))
                .queue("reports")
                .request(new ReportRequest("d"));
        refused(noUser::build, IllegalStateException.class, "'userName'");
        RecurringJob.Builder noRequest = RecurringJob.builder("r")
                .every(Duration.ofMinutes(1))
                .queue("reports")
                .user("ops");
        refused(noRequest::build, IllegalStateException.class, "'request'");

        refused(() -> RecurringJob.builder("r").request(null), IllegalArgumentException.class, "'request'");
        refused(() -> RecurringJob.builder("r").zone((String) null), IllegalArgumentException.class, "'zone'");
        refused(() -> RecurringJob.builder("r").cron(null), IllegalArgumentException.class, "'cron'");
        refused(() -> RecurringJob.builder("r").every(null), IllegalArgumentException.class, "'interval'");
    }

    @Test
    void theDefaultsOfADefinitionAreTheDocumentedConstants() {
        RecurringJob job = everyMinute("tick");
        assertThat(job.zone()).isEqualTo(RecurringJob.DEFAULT_ZONE).isEqualTo(ZoneOffset.UTC);
        assertThat(job.lateness()).isEqualTo(RecurringJob.DEFAULT_LATENESS).isEqualTo(Duration.ofMinutes(1));
        assertThat(job.missedFirePolicy()).isEqualTo(RecurringJob.DEFAULT_MISSED_FIRE_POLICY);
        assertThat(job.requestType()).isEqualTo("ReportRequest");
        assertThat(job.requestJson()).isEqualTo("{\"period\":\"daily\"}");
    }

    // ---------------------------------------------------------------- retention batches

    @Test
    void aRunOfNothingToDeleteTakesOneBatchPerRule_andOneCutShortWithNothingLeftIsComplete() {
        DataSource ds = TestDatabases.h2();
        JdbiRecurringJobStore<Long> store = store(ds, repository(ds)).build();
        RetentionReport five = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder().maxBatchesPerRun(5).build())
                .build()
                .runRetentionNow();
        assertThat(five.complete()).isTrue();
        assertThat(five.batches()).isEqualTo(5);
        assertThat(five.summary()).doesNotContain("more left");

        RetentionReport four = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .retention(RetentionPolicy.builder().maxBatchesPerRun(4).build())
                .build()
                .runRetentionNow();
        // The limit stopped the run before the CANCELLED rule, which has nothing to delete.
        assertThat(four.complete()).isTrue();
        assertThat(four.batches()).isEqualTo(4);
        assertThat(four.summary()).doesNotContain("more left");
    }

    // ---------------------------------------------------------------- FunctionsRecurringTimer

    @Test
    void theFunctionsTimerRefusesNullsAndRunsWithAContextWithoutLogger() {
        refused(() -> new FunctionsRecurringTimer(null), NullPointerException.class, "'scheduler'");
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                        new InMemoryRecurringJobStore<>(InMemoryJobRepository.withLongKeys()), queue)
                .clock(clock)
                .declare(everyMinute("tick"))
                .build();
        FunctionsRecurringTimer timer = new FunctionsRecurringTimer(scheduler);
        refused(() -> timer.run(null), NullPointerException.class, "'context'");
        clock.set(Instant.parse("2026-01-01T00:01:05Z"));
        ExecutionContext noLogger = new ExecutionContext() {
            @Override
            public java.util.logging.Logger getLogger() {
                return null;
            }

            @Override
            public String getInvocationId() {
                return "i";
            }

            @Override
            public String getFunctionName() {
                return "FireSchedules";
            }
        };
        assertThat(timer.run(noLogger).queued()).isEqualTo(1);
        assertThat(timer.run(noLogger).isEmpty()).isTrue();
    }

    // ---------------------------------------------------------------- JdbiRecurringJobStore

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theStoresTablesAreNamedAfterTheJobsTableAndMigratingTwiceChangesNothing(String db) throws Exception {
        DataSource ds = database(db);
        JdbiJobRepository<Long> repository = repository(ds);
        JdbiRecurringJobStore<Long> store = store(ds, repository)
                .clock(java.time.Clock.fixed(Instant.parse("2020-02-29T12:00:00Z"), ZoneOffset.UTC))
                .build();
        assertThat(store.definitionsTable()).isEqualTo(repository.tableName() + "_recurring");
        assertThat(store.firesTable()).isEqualTo(repository.tableName() + "_recurring_fires");
        assertThat(store.repository()).isSameAs(repository);
        RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(everyMinute("tick"))
                .build();

        JdbiRecurringJobStore<Long> again = store(ds, repository).build();
        assertThat(RecurringScheduler.builder(again, queue).clock(clock).build().list())
                .extracting(d -> d.name())
                .containsExactly("backgroundjobs.retention", "tick");
        try (java.sql.Connection c = ds.getConnection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rs =
                        st.executeQuery("SELECT applied_at FROM " + repository.tableName() + "_recurring_version")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                    .as("the store's clock")
                    .isEqualTo(Instant.parse("2020-02-29T12:00:00Z"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void tablesNewerThanTheLibraryAreRefusedByBuild(String db) throws Exception {
        DataSource ds = database(db);
        JdbiJobRepository<Long> repository = repository(ds);
        store(ds, repository).build();
        try (java.sql.Connection c = ds.getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute("INSERT INTO " + repository.tableName()
                    + "_recurring_version (version, applied_at) VALUES (99, CURRENT_TIMESTAMP)");
        }
        refused(() -> store(ds, repository).build(), IllegalStateException.class, "newer");
    }

    @Test
    void theStoreBuilderRefusesNullsAndAQueryTimeoutUnderASecond() {
        DataSource ds = TestDatabases.h2();
        JdbiJobRepository<Long> repository = repository(ds);
        refused(() -> JdbiRecurringJobStore.builder(null, repository), NullPointerException.class, "'dataSource'");
        refused(() -> JdbiRecurringJobStore.<Long>builder(ds, null), NullPointerException.class, "'repository'");
        refused(
                () -> JdbiRecurringJobStore.builder(ds, repository).queryTimeout(Duration.ofMillis(999)),
                IllegalArgumentException.class,
                "'queryTimeout'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyCallOnAStoreWithoutItsTablesNamesTheMissingTables(String db) {
        DataSource ds = database(db);
        JdbiRecurringJobStore<Long> store =
                JdbiRecurringJobStore.builder(ds, repository(ds)).build();
        RecurringScheduler<Long> scheduler =
                RecurringScheduler.builder(store, queue).clock(clock).build();
        java.util.Map<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls =
                new java.util.LinkedHashMap<>();
        calls.put("fireDue", scheduler::fireDue);
        calls.put("fireDueJobs", scheduler::fireDueJobs);
        calls.put("runDueTasks", scheduler::runDueTasks);
        calls.put("runRetentionNow", scheduler::runRetentionNow);
        calls.put("runNow", () -> scheduler.runNow("tick"));
        calls.put("pause", () -> scheduler.pause("tick"));
        calls.put("resume", () -> scheduler.resume("tick"));
        calls.put("delete", () -> scheduler.delete("tick"));
        calls.put("list", scheduler::list);
        calls.put("get", () -> scheduler.get("tick"));
        calls.put("storedRetention", scheduler::storedRetention);
        calls.forEach((name, call) -> assertThatThrownBy(call)
                .as(name)
                .isInstanceOf(io.github.aobackgroundjobs.scheduler.RecurringTablesMissingException.class)
                .hasMessageContaining("createOrMigrateSchema(true)"));
    }

    // ---------------------------------------------------------------- nulls

    @Test
    void aNullArgumentIsRefusedNamingTheParameter() {
        RecurringScheduler.Builder<Long> sb = RecurringScheduler.builder(
                new InMemoryRecurringJobStore<>(InMemoryJobRepository.withLongKeys()), queue);
        RecurringScheduler<Long> scheduler = sb.clock(clock).build();
        RecurringJob.Builder job = RecurringJob.builder("r");
        java.util.Map<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> npe =
                new java.util.LinkedHashMap<>();
        npe.put("store", () -> RecurringScheduler.builder(null, queue));
        npe.put("job", () -> sb.declare(null));
        npe.put("clock", () -> sb.clock(null));
        npe.put("retention", () -> sb.retention(null));
        npe.put("pollInterval", () -> sb.pollInterval(null));
        npe.put("worker", () -> scheduler.registerWith(null));
        npe.put("name", () -> scheduler.pause(null));
        npe.put("schedule", () -> job.schedule(null));
        npe.put("zone", () -> job.zone((java.time.ZoneId) null));
        npe.put("missedFirePolicy", () -> job.missedFirePolicy(null));
        npe.put("lateness", () -> job.lateness(null));
        npe.put("serializer", () -> job.serializer(null));
        npe.put("status", () -> RetentionPolicy.builder().age(null, Duration.ofDays(1)));
        npe.put("fireRecordAge", () -> RetentionPolicy.builder().fireRecordAge(null));
        npe.put("repository", () -> new InMemoryRecurringJobStore<Long>(null));
        Schedule cron = Schedule.cron("0 * * * *");
        npe.put("after", () -> cron.nextAfter(null, ZoneOffset.UTC));
        npe.put("before", () -> Schedule.every(Duration.ofMinutes(1)).lastBefore(null, ZoneOffset.UTC));
        npe.put("from", () -> cron.firstAtOrAfter(null, ZoneOffset.UTC));
        npe.forEach((name, call) -> assertThatThrownBy(call)
                .as(name)
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'" + name + "' cannot be null."));

        java.util.Map<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> iae =
                new java.util.LinkedHashMap<>();
        iae.put("queueName", () -> job.queue(null));
        iae.put("userName", () -> job.user(null));
        iae.put("requestType", () -> job.requestType(null));
        iae.put("name", () -> RecurringJob.builder(null));
        iae.forEach((name, call) -> assertThatThrownBy(call)
                .as(name)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + name + "' cannot be null."));
        Instant t = Instant.parse("2026-01-01T00:00:30Z");
        assertThatThrownBy(() -> cron.nextAfter(t, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'zone' cannot be null.");
        assertThat(Schedule.every(Duration.ofMinutes(1)).nextAfter(t, null))
                .as("a fixed interval ignores the zone")
                .contains(Instant.parse("2026-01-01T00:01:00Z"));
    }

    // ---------------------------------------------------------------- zones through the store

    private RecurringScheduler<Long> nightlyInBerlin(String db, Instant declaredAt) {
        DataSource ds = database(db);
        clock.set(declaredAt);
        return RecurringScheduler.builder(store(ds, repository(ds)).build(), queue)
                .clock(clock)
                .declare(RecurringJob.builder("nightly")
                        .cron("0 30 2 * * *")
                        .zone("Europe/Berlin")
                        .queue("reports")
                        .user("ops")
                        .request(new ReportRequest("nightly"))
                        .build())
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStoredDefinitionSkipsTheTimeTheSpringForwardGapRemoves(String db) {
        RecurringScheduler<Long> scheduler = nightlyInBerlin(db, Instant.parse("2026-03-28T12:00:00Z"));
        assertThat(scheduler.get("nightly").definition().zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
        assertThat(scheduler.get("nightly").nextFireAt())
                .as("02:30 on the 29th does not exist; 02:30+02:00 on the 30th")
                .isEqualTo(Instant.parse("2026-03-30T00:30:00Z"));
        clock.set(Instant.parse("2026-03-30T00:30:10Z"));
        assertThat(scheduler.fireDueJobs().queued()).isEqualTo(1);
        assertThat(scheduler.get("nightly").nextFireAt()).isEqualTo(Instant.parse("2026-03-31T00:30:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aStoredDefinitionFiresOnceInTheFallBackOverlap(String db) {
        RecurringScheduler<Long> scheduler = nightlyInBerlin(db, Instant.parse("2026-10-24T12:00:00Z"));
        assertThat(scheduler.get("nightly").nextFireAt()).isEqualTo(Instant.parse("2026-10-25T00:30:00Z"));
        clock.set(Instant.parse("2026-10-25T00:30:10Z"));
        assertThat(scheduler.fireDueJobs().queued()).isEqualTo(1);
        assertThat(scheduler.get("nightly").nextFireAt())
                .as("not again at 02:30+01:00")
                .isEqualTo(Instant.parse("2026-10-26T01:30:00Z"));
        clock.set(Instant.parse("2026-10-25T01:30:10Z"));
        assertThat(scheduler.fireDueJobs().queued()).isZero();
    }

    /** The call throws {@code type} with a message naming {@code field}. */
    private static void refused(ThrowingCallable call, Class<? extends Throwable> type, String field) {
        assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(field);
    }
}
