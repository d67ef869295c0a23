package io.github.aobackgroundjobs.scheduler.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.TestDatabases;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
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
        assertThatThrownBy(() -> b.pollInterval(FOREVER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pollInterval'");
    }

    // ---------------------------------------------------------------- the store's query timeout

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
}
