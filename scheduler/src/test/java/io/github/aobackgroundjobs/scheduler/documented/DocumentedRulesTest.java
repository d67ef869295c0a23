package io.github.aobackgroundjobs.scheduler.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.scheduler.FireReport;
import io.github.aobackgroundjobs.scheduler.MissedFirePolicy;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringJobNotFoundException;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.Schedule;
import io.github.aobackgroundjobs.scheduler.memory.InMemoryRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.scheduler.spi.StoredDefinition;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Audit of docs/recurring-jobs.md, read as a new user. */
class DocumentedRulesTest {

    record ReportRequest(String period) {}

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:30Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryRecurringJobStore<Long> store = new InMemoryRecurringJobStore<>(repository);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);

    private static RecurringJob.Builder job(String name) {
        return RecurringJob.builder(name).queue("reports").user("ops").request(new ReportRequest("daily"));
    }

    // ---------------------------------------------------------------- names

    @Test
    void namesFollowTheDocumentedRule() {
        for (String good : List.of("nightly-report", "billing:monthly", "a", "9.x_y:z-w", "n".repeat(100))) {
            assertThat(RecurringJob.builder(good)).as(good).isNotNull();
        }
        for (String bad : List.of("", "-x", ".x", "_x", ":x", "a b", "a/b", "é", "n".repeat(101))) {
            assertThatThrownBy(() -> RecurringJob.builder(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'name'");
        }
        assertThatThrownBy(() -> RecurringJob.builder(null)).hasMessageContaining("'name'");
    }

    @Test
    void theRetentionNameIsReserved() {
        Throwable thrown = catchThrowable(() -> RecurringScheduler.builder(store, queue)
                .declare(job(RetentionPolicy.DEFINITION_NAME)
                        .every(Duration.ofMinutes(1))
                        .build())
                .build());
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'name'");
    }

    // ---------------------------------------------------------------- schedules

    @Test
    void fiveFieldCronFiresAtSecondZeroAndSixFieldSpringCronTakesItsSpecials() {
        Schedule unix = Schedule.cron("*/15 9-17 * * MON-FRI");
        Instant monday = Instant.parse("2026-03-02T09:07:13Z");
        assertThat(unix.nextAfter(monday, ZoneOffset.UTC)).contains(Instant.parse("2026-03-02T09:15:00Z"));
        Schedule spring = Schedule.cron("0 30 2 * * *");
        assertThat(spring.nextAfter(monday, ZoneOffset.UTC)).contains(Instant.parse("2026-03-03T02:30:00Z"));
        for (String special : List.of("0 0 12 ? * MON", "0 0 0 L * ?", "0 0 0 15W * ?", "0 0 12 ? * MON#2")) {
            assertThat(Schedule.cron(special)).as(special).isNotNull();
        }
        assertThat(Schedule.cron("0 0 12 ? * MON#2").nextAfter(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-03-09T12:00:00Z"));
        for (String bad : List.of("", "* * * *", "0 0 0 * * * 2026", "61 * * * *", "nonsense")) {
            assertThatThrownBy(() -> Schedule.cron(bad)).as(bad).hasMessageContaining("'cron'");
        }
    }

    @Test
    void intervalsAreAtLeastOneSecondInWholeMillisecondsFromTheEpoch() {
        assertThat(Schedule.every(Duration.ofSeconds(1))).isNotNull();
        assertThat(Schedule.every(Duration.ofMillis(1500))).isNotNull();
        for (Duration bad : List.of(
                Duration.ofMillis(999),
                Duration.ZERO,
                Duration.ofSeconds(-5),
                Duration.ofSeconds(1).plusNanos(1))) {
            assertThatThrownBy(() -> Schedule.every(bad)).as(bad.toString()).hasMessageContaining("'interval'");
        }
        assertThatThrownBy(() -> RecurringJob.builder("x").every(Duration.ofMillis(999)))
                .hasMessageContaining("'interval'");
        Schedule seven = Schedule.every(Duration.ofSeconds(7));
        Instant next = seven.nextAfter(Instant.parse("2026-05-05T12:34:56.789Z"), ZoneId.of("Asia/Kathmandu"))
                .orElseThrow();
        assertThat(next.toEpochMilli() % 7_000).isZero();
    }

    @Test
    void defaultsOfADefinition() {
        RecurringJob job = job("x").cron("0 0 * * *").build();
        assertThat(job.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(job.lateness()).isEqualTo(Duration.ofMinutes(1));
        assertThat(job.missedFirePolicy()).isEqualTo(MissedFirePolicy.RUN_ONCE);
        assertThat(job.requestType()).isEqualTo("ReportRequest");
        assertThatThrownBy(() -> job("x").cron("0 0 * * *").lateness(Duration.ofMillis(999)))
                .hasMessageContaining("'lateness'");
        assertThatThrownBy(() -> job("x").cron("0 0 * * *").zone("Mars/Olympus"))
                .hasMessageContaining("'zone'");
        assertThatThrownBy(() -> RecurringJob.builder("x")
                        .queue("reports")
                        .user("ops")
                        .request("r")
                        .build())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void dstTransitionsInBerlinAsDocumented() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Schedule daily = Schedule.cron("0 30 2 * * *");
        // spring forward: no fire on 29 March 2026
        assertThat(daily.nextAfter(Instant.parse("2026-03-28T02:00:00Z"), berlin))
                .contains(OffsetDateTime.parse("2026-03-30T02:30:00+02:00").toInstant());
        // fall back: once, at the first occurrence
        Instant first = OffsetDateTime.parse("2026-10-25T02:30:00+02:00").toInstant();
        assertThat(daily.nextAfter(Instant.parse("2026-10-24T12:00:00Z"), berlin))
                .contains(first);
        assertThat(daily.nextAfter(first, berlin))
                .contains(OffsetDateTime.parse("2026-10-26T02:30:00+01:00").toInstant());
        // hourly: both occurrences of 02:00
        Schedule hourly = Schedule.cron("0 0 * * * *");
        List<Instant> fires = new ArrayList<>();
        Instant t = OffsetDateTime.parse("2026-10-25T00:30:00+02:00").toInstant();
        for (int i = 0; i < 4; i++) {
            t = hourly.nextAfter(t, berlin).orElseThrow();
            fires.add(t);
        }
        assertThat(fires)
                .contains(
                        OffsetDateTime.parse("2026-10-25T02:00:00+02:00").toInstant(),
                        OffsetDateTime.parse("2026-10-25T02:00:00+01:00").toInstant());
    }

    // ---------------------------------------------------------------- builder limits

    @Test
    void builderLimitsNameTheSetting() {
        RecurringScheduler.Builder<Long> b = RecurringScheduler.builder(store, queue);
        for (Duration bad : List.of(Duration.ofMillis(9), Duration.ofHours(1).plusMillis(1))) {
            assertThatThrownBy(() -> b.pollInterval(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'pollInterval'");
        }
        for (int bad : new int[] {0, 10_001}) {
            assertThatThrownBy(() -> b.maxFiresPerRound(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'maxFiresPerRound'");
        }
        b.pollInterval(Duration.ofMillis(10))
                .pollInterval(Duration.ofHours(1))
                .maxFiresPerRound(1)
                .maxFiresPerRound(10_000);
        assertThat(RecurringScheduler.DEFAULT_POLL_INTERVAL).isEqualTo(Duration.ofSeconds(1));
        assertThat(RecurringScheduler.DEFAULT_MAX_FIRES_PER_ROUND).isEqualTo(100);
    }

    @Test
    void twoDefinitionsOfOneNameFailBeforeAnythingIsStored() {
        Throwable thrown = catchThrowable(() -> RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(job("dup").every(Duration.ofMinutes(1)).build())
                .declare(job("dup").every(Duration.ofMinutes(2)).build())
                .build());
        assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.findAll()).isEmpty();
    }

    // ---------------------------------------------------------------- retention

    @Test
    void retentionDefaults() {
        RetentionPolicy p = RetentionPolicy.defaults();
        assertThat(p.enabled()).isTrue();
        assertThat(p.ages())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        JobStatus.SUCCEEDED, Duration.ofDays(7),
                        JobStatus.FAILED, Duration.ofDays(30),
                        JobStatus.ABORTED, Duration.ofDays(30),
                        JobStatus.CANCELLED, Duration.ofDays(30)));
        assertThat(p.clearedAge()).isEqualTo(Duration.ofDays(1));
        assertThat(p.fireRecordAge()).isEqualTo(Duration.ofDays(7));
        assertThat(p.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(p.batchSize()).isEqualTo(1_000);
        assertThat(p.pause()).isEqualTo(Duration.ofMillis(50));
        assertThat(p.maxBatchesPerRun()).isEqualTo(200);
        assertThat(RetentionPolicy.disabled().enabled()).isFalse();
    }

    @Test
    void retentionBuilderRefusesUnfinishedStatusesAndNonPositiveValues() {
        assertThatThrownBy(() -> RetentionPolicy.builder().age(JobStatus.PENDING, Duration.ofDays(1)))
                .hasMessageContaining("'status'");
        assertThatThrownBy(() -> RetentionPolicy.builder().age(JobStatus.SUCCEEDED, Duration.ofDays(-1)))
                .hasMessageContaining("'age'");
        assertThatThrownBy(() -> RetentionPolicy.builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetentionPolicy.builder().maxBatchesPerRun(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RetentionPolicy.builder().interval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- declarations, run now, pause

    private RecurringScheduler<Long> scheduler(RecurringJob... jobs) {
        RecurringScheduler.Builder<Long> b =
                RecurringScheduler.builder(store, queue).clock(clock);
        for (RecurringJob j : jobs) {
            b.declare(j);
        }
        return b.build();
    }

    @Test
    void listIncludesTheRetentionTaskAsTaskAndJobsAsJob() {
        RecurringScheduler<Long> s =
                scheduler(job("nightly-report").cron("30 2 * * *").build());
        assertThat(s.list())
                .extracting(d -> d.definition().name() + ":" + d.definition().kind())
                .containsExactlyInAnyOrder("nightly-report:JOB", RetentionPolicy.DEFINITION_NAME + ":TASK");
        assertThatThrownBy(() -> s.runNow(RetentionPolicy.DEFINITION_NAME)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.runNow("nope")).isInstanceOf(RecurringJobNotFoundException.class);
        assertThatThrownBy(() -> s.get("nope")).isInstanceOf(RecurringJobNotFoundException.class);
        assertThatThrownBy(() -> s.pause("nope")).isInstanceOf(RecurringJobNotFoundException.class);
        assertThatThrownBy(() -> s.resume("nope")).isInstanceOf(RecurringJobNotFoundException.class);
        assertThatThrownBy(() -> s.delete("nope")).isInstanceOf(RecurringJobNotFoundException.class);
        Long id = s.runNow("nightly-report");
        assertThat(repository.getJob(id).getQueueName()).isEqualTo("reports");
        assertThat(s.get("nightly-report").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T02:30:00Z"));
    }

    @Test
    void aBuilderWithoutDeclareChangesNothingAndDeclareNoneWithdrawsEverything() {
        scheduler(job("a").every(Duration.ofMinutes(1)).build());
        RecurringScheduler<Long> dashboardOnly =
                RecurringScheduler.builder(store, queue).clock(clock).build();
        assertThat(dashboardOnly.get("a").declared()).isTrue();
        assertThat(dashboardOnly.list()).hasSize(2);
        RecurringScheduler<Long> none = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declareNone()
                .build();
        // "declareNone() to withdraw every definition": every job definition; the retention task stays declared
        // (a declaring builder stores retention unless it is disabled).
        assertThat(none.list())
                .filteredOn(DefinitionState::declared)
                .extracting(d -> d.definition().name())
                .containsExactly(RetentionPolicy.DEFINITION_NAME);
        none.delete("a");
        assertThat(none.find("a")).isEmpty();
    }

    @Test
    void aDeclaredDefinitionCannotBeDeleted() {
        RecurringScheduler<Long> s =
                scheduler(job("a").every(Duration.ofMinutes(1)).build());
        assertThatThrownBy(() -> s.delete("a")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void retentionDisabledMarksItNotDeclared() {
        scheduler(job("a").every(Duration.ofMinutes(1)).build());
        RecurringScheduler<Long> s = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(job("a").every(Duration.ofMinutes(1)).build())
                .retention(RetentionPolicy.disabled())
                .build();
        Optional<DefinitionState> retention = s.find(RetentionPolicy.DEFINITION_NAME);
        assertThat(retention).hasValueSatisfying(d -> assertThat(d.declared()).isFalse());
        assertThatThrownBy(s::runRetentionNow)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Retention is disabled.");
    }

    // ---------------------------------------------------------------- missed fires

    @Test
    void runOnceQueuesOneJobForAllMissedFiresPlusEachFireWithinTheLateness() {
        RecurringScheduler<Long> s =
                scheduler(job("m").every(Duration.ofMinutes(1)).build());
        clock.set(Instant.parse("2026-01-01T00:10:30Z"));
        FireReport report = s.fireDueJobs();
        // missed: 00:01 .. 00:09 (more than a minute late) -> one job; 00:10 within lateness -> one job
        assertThat(report.queued()).isEqualTo(2);
        assertThat(repository.size()).isEqualTo(2);
        assertThat(s.get("m").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T00:11:00Z"));
    }

    @Test
    void skipRecordsMissedFiresAsSkipped() {
        RecurringScheduler<Long> s = scheduler(job("m").every(Duration.ofMinutes(1))
                .missedFirePolicy(MissedFirePolicy.SKIP)
                .build());
        clock.set(Instant.parse("2026-01-01T00:10:30Z"));
        FireReport report = s.fireDueJobs();
        assertThat(report.queued()).isEqualTo(1);
        assertThat(report.skippedRanges()).isEqualTo(1);
    }

    @Test
    void firesWithinTheLatenessAreCappedByMaxFiresPerRound() {
        RecurringScheduler<Long> s = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .maxFiresPerRound(3)
                .declare(job("m").every(Duration.ofSeconds(1))
                        .lateness(Duration.ofMinutes(1))
                        .build())
                .build();
        clock.set(Instant.parse("2026-01-01T00:00:40Z")); // 10 fire times, all within the lateness
        assertThat(s.fireDueJobs().queued()).isEqualTo(3);
        assertThat(s.fireDueJobs().queued()).isEqualTo(3);
    }

    @Test
    void aResumedDefinitionGoesOnFromItsFirstFireTimeAfterTheResume() {
        RecurringScheduler<Long> s =
                scheduler(job("p").every(Duration.ofMinutes(1)).build());
        s.pause("p");
        clock.set(Instant.parse("2026-01-01T00:10:30Z"));
        assertThat(s.fireDueJobs().queued()).isZero();
        s.resume("p");
        assertThat(s.get("p").nextFireAt()).isEqualTo(Instant.parse("2026-01-01T00:11:00Z"));
        assertThat(s.fireDueJobs().queued()).isZero();
        assertThat(repository.size()).isZero();
    }

    @Test
    void aRedeclarationKeepsPauseAndRecomputesOnlyAChangedSchedule() {
        RecurringScheduler<Long> s =
                scheduler(job("p").every(Duration.ofMinutes(1)).build());
        s.pause("p");
        Instant next = s.get("p").nextFireAt();
        clock.set(Instant.parse("2026-01-01T00:05:30Z"));
        RecurringScheduler<Long> again = scheduler(
                job("p").every(Duration.ofMinutes(1)).user("someone-else").build());
        assertThat(again.get("p").paused()).isTrue();
        assertThat(again.get("p").nextFireAt()).isEqualTo(next);
        assertThat(again.get("p").definition().userName()).isEqualTo("someone-else");
        RecurringScheduler<Long> changed =
                scheduler(job("p").every(Duration.ofMinutes(7)).build());
        assertThat(changed.get("p").nextFireAt()).isNotEqualTo(next);
        assertThat(changed.get("p").definition().kind()).isEqualTo(StoredDefinition.Kind.JOB);
    }

    // ---------------------------------------------------------------- refusals with clear messages

    @Test
    void anAnonymousRequestClassIsRefusedNamingTheClass() {
        Object anonymous = new Object() {
            @SuppressWarnings("unused")
            public String getPeriod() {
                return "daily";
            }
        };
        assertThatThrownBy(() -> RecurringJob.builder("x")
                        .every(Duration.ofSeconds(5))
                        .queue("reports")
                        .user("u")
                        .request(anonymous)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(anonymous.getClass().getName())
                .hasMessageContaining("anonymous");
        RecurringJob named = RecurringJob.builder("x")
                .every(Duration.ofSeconds(5))
                .queue("reports")
                .user("u")
                .requestType("Period")
                .request(anonymous)
                .build();
        assertThat(named.requestType()).isEqualTo("Period");
    }

    @Test
    void aCronThatNeverFiresIsRefusedNamingCron() {
        assertThatThrownBy(() -> Schedule.cron("0 0 30 2 *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cron'")
                .hasMessageContaining("never fires");
        assertThat(Schedule.cron("0 0 29 2 *")
                        .nextAfter(Instant.parse("2026-03-01T00:00:00Z"), java.time.ZoneOffset.UTC))
                .as("29 February fires in leap years")
                .contains(Instant.parse("2028-02-29T00:00:00Z"));
    }

    @Test
    void declareAndDeclareNoneCannotBeMixed() {
        RecurringJob a = job("a").every(Duration.ofMinutes(1)).build();
        assertThatThrownBy(() ->
                        RecurringScheduler.builder(store, queue).declare(a).declareNone())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[a]");
        assertThatThrownBy(() ->
                        RecurringScheduler.builder(store, queue).declareNone().declare(a))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("declare(a) after declareNone()");
        assertThat(store.findAll()).as("nothing stored").isEmpty();
    }
}
