package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.RetentionReport;
import io.github.aobackgroundjobs.scheduler.Schedule;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With {@code backgroundjobs-scheduler} on the class path the starter builds a recurring scheduler:
 * the application's {@link RecurringJob} beans fire on the starter's worker, and old finished
 * records are deleted by the retention of {@code backgroundjobs.scheduler.retention.*}.
 */
class SchedulerAutoConfigurationTest {

    private final ApplicationContextRunner runner = StarterContexts.runner("scheduler");

    @Test
    void aRecurringJobBeanFiresOnTheStartersWorker() {
        runner.withUserConfiguration(GreetingJobConfig.class, EverySecond.class)
                .withPropertyValues("backgroundjobs.scheduler.poll-interval=50ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RecurringScheduler<?> recurring = context.getBean(RecurringScheduler.class);
                    assertThat(recurring.declared())
                            .extracting(RecurringJob::name)
                            .containsExactly("greet-ops");
                    assertThat(declared(recurring, "greet-ops")).isTrue();

                    @SuppressWarnings("unchecked")
                    JdbiJobRepository<Long> repository = context.getBean(JdbiJobRepository.class);
                    BackgroundJobInfo<Long> fired = awaitSucceededJobOf(repository, "ops");
                    assertThat(fired.getRequestType()).isEqualTo("Greeting");
                    assertThat(fired.getResultData()).contains("Hello, ops");
                });
    }

    @Test
    void retentionIsOnWithTheLibrarysDefaultAges() {
        runner.withUserConfiguration(GreetingJobConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            RetentionPolicy retention =
                    context.getBean(RecurringScheduler.class).retention();
            assertThat(retention.enabled()).isTrue();
            assertThat(retention.ages())
                    .containsEntry(JobStatus.SUCCEEDED, Duration.ofDays(7))
                    .containsEntry(JobStatus.FAILED, Duration.ofDays(30))
                    .containsEntry(JobStatus.ABORTED, Duration.ofDays(30))
                    .containsEntry(JobStatus.CANCELLED, Duration.ofDays(30));
            assertThat(retention.clearedAge()).isEqualTo(Duration.ofDays(1));
            assertThat(retention.fireRecordAge()).isEqualTo(Duration.ofDays(7));
            assertThat(retention.interval()).isEqualTo(Duration.ofMinutes(15));
            assertThat(retention.batchSize()).isEqualTo(1000);
            // The properties' literals must stay the library's defaults.
            RetentionPolicy library = RetentionPolicy.defaults();
            assertThat(retention.ages()).isEqualTo(library.ages());
            assertThat(retention.clearedAge()).isEqualTo(library.clearedAge());
            assertThat(retention.fireRecordAge()).isEqualTo(library.fireRecordAge());
            assertThat(retention.interval()).isEqualTo(library.interval());
            assertThat(retention.batchSize()).isEqualTo(library.batchSize());
            assertThat(declared(context.getBean(RecurringScheduler.class), RetentionPolicy.DEFINITION_NAME))
                    .isTrue();
        });
    }

    @Test
    void aRetentionIntervalBeyondTheSchedulersLimitFailsTheStartNamingTheProperty() {
        assertThat(BackgroundJobsProperties.MAX_RETENTION_INTERVAL)
                .as("the starter's literal is the scheduler's limit")
                .isEqualTo(Schedule.MAX_INTERVAL);
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues("backgroundjobs.scheduler.retention.interval=365251d")
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("backgroundjobs.scheduler.retention.interval must be at most PT8766000H"));
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues("backgroundjobs.scheduler.retention.interval=365250d")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void retentionTakesItsAgesFromPropertiesAndDeletesOldFinishedRecords() {
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues(
                        "backgroundjobs.scheduler.retention.succeeded-age=2d",
                        "backgroundjobs.scheduler.retention.failed-age=3d",
                        "backgroundjobs.scheduler.retention.aborted-age=4d",
                        "backgroundjobs.scheduler.retention.cancelled-age=5d",
                        "backgroundjobs.scheduler.retention.cleared-age=6h",
                        "backgroundjobs.scheduler.retention.fire-record-age=1d",
                        "backgroundjobs.scheduler.retention.interval=5m",
                        "backgroundjobs.scheduler.retention.batch-size=10")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RecurringScheduler<?> recurring = context.getBean(RecurringScheduler.class);
                    RetentionPolicy retention = recurring.retention();
                    assertThat(retention.ages())
                            .containsEntry(JobStatus.SUCCEEDED, Duration.ofDays(2))
                            .containsEntry(JobStatus.FAILED, Duration.ofDays(3))
                            .containsEntry(JobStatus.ABORTED, Duration.ofDays(4))
                            .containsEntry(JobStatus.CANCELLED, Duration.ofDays(5));
                    assertThat(retention.clearedAge()).isEqualTo(Duration.ofHours(6));
                    assertThat(retention.fireRecordAge()).isEqualTo(Duration.ofDays(1));
                    assertThat(retention.interval()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(retention.batchSize()).isEqualTo(10);

                    @SuppressWarnings("unchecked")
                    JdbiJobRepository<Long> repository = context.getBean(JdbiJobRepository.class);
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    Instant now = Instant.now();
                    Long oldSucceeded =
                            finished(repository, jdbc, JobStatus.SUCCEEDED, now.minus(Duration.ofHours(49)));
                    Long youngSucceeded =
                            finished(repository, jdbc, JobStatus.SUCCEEDED, now.minus(Duration.ofHours(47)));
                    Long failed = finished(repository, jdbc, JobStatus.FAILED, now.minus(Duration.ofHours(49)));

                    RetentionReport report = recurring.runRetentionNow();

                    assertThat(report.deletedJobs()).isEqualTo(1);
                    assertThat(repository.findJob(oldSucceeded)).isEmpty();
                    assertThat(repository.findJob(youngSucceeded)).isPresent();
                    assertThat(repository.findJob(failed)).isPresent();
                });
    }

    @Test
    void retentionCanBeTurnedOff() {
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues("backgroundjobs.scheduler.retention.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RecurringScheduler<?> recurring = context.getBean(RecurringScheduler.class);
                    assertThat(recurring.retention().enabled()).isFalse();
                    assertThatThrownBy(recurring::runRetentionNow)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessage("Retention is disabled.");
                });
    }

    @Test
    void aProcessWithoutAWorkerKeepsTheWorkersDeclaration() {
        String database = "spring.datasource.url=" + StarterContexts.newH2Url("scheduler_shared");
        runner.withUserConfiguration(GreetingJobConfig.class, EverySecond.class)
                .withPropertyValues(database)
                .run(worker -> assertThat(worker).hasNotFailed());

        // A web front end: same database, no worker. Its scheduler only views.
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues(database, "backgroundjobs.worker.enabled=false")
                .run(web -> {
                    assertThat(web).hasNotFailed();
                    assertThat(web).doesNotHaveBean(QueueWorker.class);
                    RecurringScheduler<?> recurring = web.getBean(RecurringScheduler.class);
                    assertThat(recurring.declared()).isEmpty();
                    assertThat(declared(recurring, "greet-ops")).isTrue();
                });

        // The worker again, without the bean: the definition is withdrawn, retention stays.
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues(database)
                .run(worker -> {
                    assertThat(worker).hasNotFailed();
                    RecurringScheduler<?> recurring = worker.getBean(RecurringScheduler.class);
                    assertThat(declared(recurring, "greet-ops")).isFalse();
                    assertThat(declared(recurring, RetentionPolicy.DEFINITION_NAME))
                            .isTrue();
                });
    }

    @Test
    void withoutTheSchedulersTablesTheStartFailsSayingWhatToDo() {
        String database = "spring.datasource.url=" + StarterContexts.newH2Url("scheduler_no_tables");
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues(database, "backgroundjobs.scheduler.enabled=false")
                .run(jobsTableOnly -> assertThat(jobsTableOnly).hasNotFailed());

        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues(database, "backgroundjobs.jdbc.migrate-schema=false")
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("The recurring-job tables are missing (declare)")
                        .contains("backgroundjobs.jdbc.migrate-schema=true"));
    }

    @Test
    void theSchedulerCanBeTurnedOffOrLeftOut() {
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues("backgroundjobs.scheduler.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RecurringScheduler.class);
                    assertThat(context.getBean(QueueWorker.class).isRunning()).isTrue();
                });
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withClassLoader(new FilteredClassLoader(RecurringScheduler.class))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(BackgroundJobsSchedulerAutoConfiguration.class);
                    assertThat(context.getBean(QueueWorker.class).isRunning()).isTrue();
                });
    }

    @Test
    void anApplicationsOwnSchedulerIsRegisteredWithTheStartersWorker() {
        runner.withUserConfiguration(GreetingJobConfig.class, OwnScheduler.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(RecurringScheduler.class)).isSameAs(context.getBean("ownScheduler"));
                    @SuppressWarnings("unchecked")
                    JdbiJobRepository<Long> repository = context.getBean(JdbiJobRepository.class);
                    assertThat(awaitSucceededJobOf(repository, "own").getResultData())
                            .contains("Hello, own");
                });
    }

    @Test
    void twoRecurringJobBeansOfOneNameFailTheStart() {
        runner.withUserConfiguration(GreetingJobConfig.class, EverySecond.class, SameNameAgain.class)
                .run(context ->
                        assertThat(StarterContexts.failure(context)).contains("'name' greet-ops is declared twice"));
    }

    @Test
    void aRecurringJobWhoseRequestTheQueuesJobBeanDoesNotTakeFailsTheStart() {
        runner.withUserConfiguration(GreetingJobConfig.class, WrongRequest.class)
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("Recurring job 'wrong-request' queues requests of type 'Ping' on queue 'greetings',"
                                + " whose job bean takes 'Greeting': the worker would poison every fired job."));
    }

    @Test
    void aRecurringJobOnAQueueOfAnotherApplicationIsDeclared() {
        runner.withUserConfiguration(GreetingJobConfig.class, OtherQueue.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(declared(context.getBean(RecurringScheduler.class), "elsewhere"))
                    .isTrue();
        });
    }

    @Test
    void aWrongValueFailsTheStartNamingTheProperty() {
        assertStartFails("backgroundjobs.scheduler.poll-interval=5ms", "backgroundjobs.scheduler.poll-interval");
        assertStartFails("backgroundjobs.scheduler.poll-interval=2h", "backgroundjobs.scheduler.poll-interval");
        assertStartFails(
                "backgroundjobs.scheduler.retention.succeeded-age=0s",
                "backgroundjobs.scheduler.retention.succeeded-age");
        assertStartFails(
                "backgroundjobs.scheduler.retention.interval=500ms", "backgroundjobs.scheduler.retention.interval");
        assertStartFails(
                "backgroundjobs.scheduler.retention.batch-size=0", "backgroundjobs.scheduler.retention.batch-size");
        assertStartFails(
                "backgroundjobs.scheduler.retention.batch-size=10001", "backgroundjobs.scheduler.retention.batch-size");
    }

    private void assertStartFails(String property, String name) {
        runner.withUserConfiguration(GreetingJobConfig.class)
                .withPropertyValues(property)
                .run(context -> assertThat(StarterContexts.failure(context)).contains(name));
    }

    private static boolean declared(RecurringScheduler<?> recurring, String name) {
        return recurring.find(name).map(DefinitionState::declared).orElseThrow();
    }

    private static BackgroundJobInfo<Long> awaitSucceededJobOf(JdbiJobRepository<Long> repository, String user)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            Optional<BackgroundJobInfo<Long>> done =
                    repository
                            .findJobs(JobQuery.builder()
                                    .userName(user)
                                    .statuses(JobStatus.SUCCEEDED)
                                    .build())
                            .items()
                            .stream()
                            .findFirst();
            if (done.isPresent()) {
                return done.get();
            }
            assertThat(System.nanoTime())
                    .as("a SUCCEEDED job of %s within 20 s", user)
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    /** A job queued, then marked finished in the table as a worker would have left it. */
    private static Long finished(
            JdbiJobRepository<Long> repository, JdbcTemplate jdbc, JobStatus status, Instant completed) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("old");
        job.setRequestType("Greeting");
        job.setRequestData("{\"name\":\"old\"}");
        job.setQueueName(GreetingJob.QUEUE);
        job.setStatus(JobStatus.PENDING);
        job.setCreated(completed.minusSeconds(5));
        Long id = repository.insert(job).getId();
        int updated = jdbc.update(
                "UPDATE background_jobs SET status = ?, started = ?, completed = ?, updated_at = ? WHERE id = ?",
                status.code(),
                completed.minusSeconds(4).atOffset(ZoneOffset.UTC),
                completed.atOffset(ZoneOffset.UTC),
                completed.atOffset(ZoneOffset.UTC),
                id);
        assertThat(updated).isEqualTo(1);
        return id;
    }

    @Configuration(proxyBeanMethods = false)
    static class GreetingJobConfig {
        @Bean
        GreetingJob greetingJob(JobRepositoryBase<Long> repository) {
            return new GreetingJob(repository);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EverySecond {
        @Bean
        RecurringJob greetOps() {
            return RecurringJob.builder("greet-ops")
                    .every(Duration.ofSeconds(1))
                    .queue(GreetingJob.QUEUE)
                    .user("ops")
                    .request(new GreetingJob.Greeting("ops"))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class SameNameAgain {
        @Bean
        RecurringJob greetOpsAgain() {
            return RecurringJob.builder("greet-ops")
                    .every(Duration.ofMinutes(1))
                    .queue(GreetingJob.QUEUE)
                    .user("ops")
                    .request(new GreetingJob.Greeting("again"))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class WrongRequest {
        @Bean
        RecurringJob wrongRequest() {
            return RecurringJob.builder("wrong-request")
                    .every(Duration.ofMinutes(1))
                    .queue(GreetingJob.QUEUE)
                    .user("ops")
                    .request(new PlainJob.Ping("x"))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OtherQueue {
        @Bean
        RecurringJob elsewhere() {
            return RecurringJob.builder("elsewhere")
                    .every(Duration.ofMinutes(1))
                    .queue("invoices")
                    .user("ops")
                    .request(new PlainJob.Ping("x"))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnScheduler {
        @Bean
        RecurringScheduler<Long> ownScheduler(
                io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore<Long> store,
                io.github.aobackgroundjobs.spi.JobQueue queue) {
            return RecurringScheduler.builder(store, queue)
                    .pollInterval(Duration.ofMillis(50))
                    .declare(RecurringJob.builder("greet-own")
                            .every(Duration.ofSeconds(1))
                            .queue(GreetingJob.QUEUE)
                            .user("own")
                            .request(new GreetingJob.Greeting("own"))
                            .build())
                    .build();
        }
    }
}
