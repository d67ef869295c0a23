package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.JobTableMissingException;
import io.github.aobackgroundjobs.jdbc.SchemaMigrator;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

/**
 * Without {@code backgroundjobs.jdbc.migrate-schema} and without the jobs table (a schema tool
 * that runs later), the application starts; its health is DOWN naming the missing table, queueing
 * throws {@link JobTableMissingException}, and once the table is created the worker runs jobs
 * without a restart, as spring-boot.md says.
 */
class MissingJobTableStartTest {

    @Test
    void theStartSucceedsTheHealthSaysWhyAndTheWorkerRunsOnceTheTableExists() {
        StarterContexts.runner("missing-table")
                .withUserConfiguration(AutoConfigurationTest.AnnotatedJob.class)
                .withPropertyValues(
                        "backgroundjobs.jdbc.migrate-schema=false",
                        // The scheduler's tables would stop the start: this test is about the jobs table.
                        "backgroundjobs.scheduler.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    QueueWorker worker = context.getBean(QueueWorker.class);
                    assertThat(worker.isRunning()).isTrue();
                    @SuppressWarnings("unchecked")
                    QueueJobClient<Long> client = context.getBean(QueueJobClient.class);

                    assertThatThrownBy(
                                    () -> client.queueJob(GreetingJob.QUEUE, "alice", new GreetingJob.Greeting("Ada")))
                            .isInstanceOf(JobTableMissingException.class)
                            .hasMessageContaining("backgroundjobs.jdbc.migrate-schema=true");
                    Health down =
                            context.getBean(BackgroundJobsHealthIndicator.class).health();
                    assertThat(down.getStatus().getCode()).isEqualTo("DOWN");
                    assertThat(String.valueOf(((Map<?, ?>) down.getDetails().get("repository")).get("error")))
                            .contains("JobTableMissingException");

                    SchemaMigrator.builder(context.getBean(DataSource.class))
                            .build()
                            .migrate();

                    long id = client.queueJob(GreetingJob.QUEUE, "alice", new GreetingJob.Greeting("Ada"));
                    @SuppressWarnings("unchecked")
                    JdbiJobRepository<Long> repository = context.getBean(JdbiJobRepository.class);
                    await().atMost(Duration.ofSeconds(30))
                            .until(() -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
                    await().atMost(Duration.ofSeconds(10))
                            .until(() -> context.getBean(BackgroundJobsHealthIndicator.class)
                                    .health()
                                    .getStatus()
                                    .getCode()
                                    .equals("UP"));
                });
    }
}
