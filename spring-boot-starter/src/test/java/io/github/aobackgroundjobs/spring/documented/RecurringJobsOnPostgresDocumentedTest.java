package io.github.aobackgroundjobs.spring.documented;

import static io.github.aobackgroundjobs.spring.documented.RecurringJobsDocumentedTest.awaitSucceeded;
import static io.github.aobackgroundjobs.spring.documented.RecurringJobsDocumentedTest.repository;
import static io.github.aobackgroundjobs.spring.documented.RecurringJobsDocumentedTest.scheduler;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.spring.BackgroundJobsAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsSchedulerAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsWorkerAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsWorkerLifecycleAutoConfiguration;
import io.github.aobackgroundjobs.spring.documented.RecurringJobsDocumentedTest.EverySecond;
import io.github.aobackgroundjobs.spring.documented.RecurringJobsDocumentedTest.ReportJobConfig;
import io.github.aobackgroundjobs.spring.documented.RecurringJobsDocumentedTest.UuidReportJobConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/** The starter's recurring jobs on PostgreSQL (embedded, sessions in a non-UTC zone), as on H2. */
class RecurringJobsOnPostgresDocumentedTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("timezone", "Asia/Kathmandu")
                .start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A runner on the shared PostgreSQL, with a jobs table of its own so tests do not meet. */
    private static ApplicationContextRunner runner(String table) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class,
                        BackgroundJobsAutoConfiguration.class,
                        BackgroundJobsSchedulerAutoConfiguration.class,
                        BackgroundJobsWorkerAutoConfiguration.class,
                        BackgroundJobsWorkerLifecycleAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgres.getPort()
                                + "/postgres?connectTimeout=5&socketTimeout=30",
                        "spring.datasource.username=postgres",
                        "backgroundjobs.jdbc.migrate-schema=true",
                        "backgroundjobs.jdbc.table-name=" + table,
                        "backgroundjobs.scheduler.poll-interval=50ms",
                        "backgroundjobs.worker.max-poll-interval=100ms");
    }

    @Test
    void twoInstancesOnOnePostgreSqlQueueEachFireTimeOnce() {
        ApplicationContextRunner runner =
                runner("pg_two_instances").withUserConfiguration(ReportJobConfig.class, EverySecond.class);
        runner.run(first -> {
            assertThat(first).hasNotFailed();
            runner.run(second -> {
                assertThat(second).hasNotFailed();
                awaitSucceeded(repository(second), "ops", 4);
            });
            JdbcTemplate jdbc = new JdbcTemplate(first.getBean(DataSource.class));
            List<Map<String, Object>> fires = jdbc.queryForList(
                    "SELECT fire_time, job_id FROM pg_two_instances_recurring_fires WHERE outcome = 'QUEUED'");
            Integer jobs =
                    jdbc.queryForObject("SELECT COUNT(*) FROM pg_two_instances WHERE user_name = 'ops'", Integer.class);
            assertThat(fires).hasSizeGreaterThanOrEqualTo(4);
            assertThat(fires.stream().map(f -> f.get("fire_time")).toList()).doesNotHaveDuplicates();
            assertThat(fires.stream().map(f -> f.get("job_id")).toList()).doesNotHaveDuplicates();
            assertThat(jobs).isEqualTo(fires.size());
        });
    }

    @Test
    void withUuidKeysARecurringJobBeanFiresOnPostgreSql() {
        runner("pg_uuid_keys")
                .withPropertyValues("backgroundjobs.jdbc.key-type=uuid")
                .withUserConfiguration(UuidReportJobConfig.class, EverySecond.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BackgroundJobInfo<UUID> job = RecurringJobsDocumentedTest.<UUID>awaitSucceeded(
                                    repository(context), "ops", 1)
                            .get(0);
                    assertThat(job.getId()).isInstanceOf(UUID.class);
                    assertThat(scheduler(context).get("nightly-report").lastJobId())
                            .isNotNull();
                });
    }
}
