package io.github.aobackgroundjobs.scheduler.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** docs/recurring-jobs.md, "Schema": three tables beside the jobs table, same schema, names derived from it. */
class SchemaDocumentedTest {

    record ReportRequest(String period) {}

    private static Set<String> tables(DataSource ds, String schema) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = ds.getConnection();
                ResultSet rs = c.getMetaData().getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * A custom jobs table in schema {@code app}, the scheduler's store beside it, one definition
     * fired.
     *
     * @return the repository, after the fire
     */
    private static JdbiJobRepository<Long> fireOnceBesideACustomTable(DataSource ds) {
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(ds)
                .schema("app")
                .tableName("report_jobs")
                .createOrMigrateSchema(true)
                .build();
        JdbiRecurringJobStore<Long> store = JdbiRecurringJobStore.builder(ds, repository)
                .createOrMigrateSchema(true)
                .build();
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:30Z"), ZoneOffset.UTC);
        RecurringScheduler<Long> s = RecurringScheduler.builder(store, new InMemoryJobQueue(clock))
                .clock(clock)
                .declare(RecurringJob.builder("nightly-report")
                        .every(Duration.ofMinutes(1))
                        .queue("reports")
                        .user("ops")
                        .request(new ReportRequest("daily"))
                        .build())
                .build();
        clock.set(Instant.parse("2026-01-01T00:01:10Z"));
        assertThat(s.fireDueJobs().queued()).isEqualTo(1);
        assertThat(repository.getJob(Long.valueOf(s.get("nightly-report").lastJobId())))
                .isNotNull();
        return repository;
    }

    @Test
    void theSchedulersTablesStandBesideACustomJobsTableInItsSchema() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        fireOnceBesideACustomTable(ds);
        assertThat(tables(ds, "APP"))
                .contains(
                        "report_jobs",
                        "report_jobs_recurring",
                        "report_jobs_recurring_fires",
                        "report_jobs_recurring_version");
        assertThat(tables(ds, "PUBLIC")).as("nothing outside the jobs' schema").isEmpty();
    }

    @Test
    void onPostgreSqlTooTheTablesStandBesideTheJobsTableInItsSchema() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource ds = postgres.getPostgresDatabase();
            fireOnceBesideACustomTable(ds);
            assertThat(tables(ds, "app"))
                    .containsExactlyInAnyOrder(
                            "report_jobs",
                            "report_jobs_recurring",
                            "report_jobs_recurring_fires",
                            "report_jobs_recurring_version",
                            "report_jobs_schema_version");
            assertThat(tables(ds, "public")).isEmpty();
        }
    }
}
