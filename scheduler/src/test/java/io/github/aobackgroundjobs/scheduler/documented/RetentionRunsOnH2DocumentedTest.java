package io.github.aobackgroundjobs.scheduler.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** docs/recurring-jobs.md, "Retention": where a run's summary and time show, on the JDBC store (H2). */
class RetentionRunsOnH2DocumentedTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:30Z"), ZoneOffset.UTC);
    private final RecurringScheduler<Long> scheduler;

    RetentionRunsOnH2DocumentedTest() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        JdbiRecurringJobStore<Long> store = JdbiRecurringJobStore.builder(ds, repository)
                .createOrMigrateSchema(true)
                .build();
        scheduler = RecurringScheduler.builder(store, new InMemoryJobQueue(clock))
                .clock(clock)
                .declareNone()
                .build();
    }

    @Test
    void aScheduledRunRecordsItsSummaryAndTimeARunNowItsSummaryOnly() {
        assertThat(scheduler.get(RetentionPolicy.DEFINITION_NAME).lastFireAt()).isNull();

        clock.set(Instant.parse("2026-01-01T00:15:10Z"));
        assertThat(scheduler.fireDue().tasksRun()).isEqualTo(1);
        DefinitionState scheduled = scheduler.get(RetentionPolicy.DEFINITION_NAME);
        assertThat(scheduled.lastFireAt()).isEqualTo(Instant.parse("2026-01-01T00:15:00Z"));
        assertThat(scheduled.lastRunSummary()).startsWith("deleted 0 job records");

        clock.set(Instant.parse("2026-01-01T00:20:00Z"));
        scheduler.runRetentionNow();
        DefinitionState manual = scheduler.get(RetentionPolicy.DEFINITION_NAME);
        assertThat(manual.lastRunSummary()).startsWith("deleted 0 job records");
        assertThat(manual.updatedAt()).isEqualTo(Instant.parse("2026-01-01T00:20:00Z"));
        // The time shown as the last run stays the last scheduled fire's.
        assertThat(manual.lastFireAt()).isEqualTo(Instant.parse("2026-01-01T00:15:00Z"));
        assertThat(manual.nextFireAt()).isEqualTo(Instant.parse("2026-01-01T00:30:00Z"));
    }
}
