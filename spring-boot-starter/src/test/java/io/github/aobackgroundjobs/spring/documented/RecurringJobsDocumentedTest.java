package io.github.aobackgroundjobs.spring.documented;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spring.BackgroundJob;
import io.github.aobackgroundjobs.spring.BackgroundJobsAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsDashboardAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsProperties;
import io.github.aobackgroundjobs.spring.BackgroundJobsSchedulerAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsWorkerAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsWorkerLifecycleAutoConfiguration;
import io.github.aobackgroundjobs.spring.QueueWorkerCustomizer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;

/** The rules of "Recurring jobs and retention" in docs/spring-boot.md, checked as a new user reads them. */
class RecurringJobsDocumentedTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static final Class<?>[] STARTER = {
        DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        BackgroundJobsAutoConfiguration.class,
        BackgroundJobsSchedulerAutoConfiguration.class,
        BackgroundJobsWorkerAutoConfiguration.class,
        BackgroundJobsWorkerLifecycleAutoConfiguration.class
    };

    static String newDatabase() {
        return "spring.datasource.url=jdbc:h2:mem:recurring_documented_" + DATABASES.incrementAndGet()
                + ";DB_CLOSE_DELAY=-1";
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(STARTER))
            .withPropertyValues(
                    "backgroundjobs.jdbc.migrate-schema=true",
                    "backgroundjobs.scheduler.poll-interval=50ms",
                    "backgroundjobs.worker.max-poll-interval=100ms");

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(STARTER))
            .withConfiguration(AutoConfigurations.of(BackgroundJobsDashboardAutoConfiguration.class))
            .withPropertyValues("backgroundjobs.jdbc.migrate-schema=true");

    // ---- the application of the docs ----

    @Configuration(proxyBeanMethods = false)
    static class ReportJobConfig {
        @Bean
        ReportJob reportJob(JobRepositoryBase<Long> repository) {
            return new ReportJob(repository);
        }
    }

    /** The docs' snippet, as written. */
    @Configuration
    static class Schedules {
        @Bean
        RecurringJob nightlyReport() {
            return RecurringJob.builder("nightly-report")
                    .cron("30 2 * * *") // 02:30 every day
                    .zone("Europe/Berlin")
                    .queue("reports")
                    .user("ops")
                    .request(new ReportJob.Request("daily"))
                    .build();
        }
    }

    /** A definition that fires every second, so that a test sees it fire. */
    @Configuration(proxyBeanMethods = false)
    static class EverySecond {
        @Bean
        RecurringJob everySecond() {
            return RecurringJobsDocumentedTest.everySecond("nightly-report");
        }
    }

    static RecurringJob everySecond(String name) {
        return RecurringJob.builder(name)
                .every(Duration.ofSeconds(1))
                .queue("reports")
                .user("ops")
                .request(new ReportJob.Request("daily"))
                .build();
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    static <K> RecurringScheduler<K> scheduler(org.springframework.context.ApplicationContext context) {
        return context.getBean(RecurringScheduler.class);
    }

    static boolean declared(RecurringScheduler<?> recurring, String name) {
        return recurring.find(name).map(DefinitionState::declared).orElseThrow();
    }

    /** Polls until {@code user} has at least {@code count} SUCCEEDED jobs, within the deadline. */
    static <K> List<BackgroundJobInfo<K>> awaitSucceeded(JdbiJobRepository<K> repository, String user, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (true) {
            List<BackgroundJobInfo<K>> done = repository
                    .findJobs(JobQuery.builder()
                            .userName(user)
                            .statuses(JobStatus.SUCCEEDED)
                            .build())
                    .items();
            if (done.size() >= count) {
                return done;
            }
            assertThat(System.nanoTime())
                    .as("%d SUCCEEDED jobs of %s within %s, have %d", count, user, DEADLINE, done.size())
                    .isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static DashboardResponse adminGet(Dashboard<?> dashboard, String path) {
        MockHttpServletRequest servlet = new MockHttpServletRequest("GET", "/jobs" + path);
        servlet.setSession(new MockHttpSession());
        servlet.setUserPrincipal(() -> "admin");
        servlet.addUserRole("ADMIN");
        return dashboard.handle(
                DashboardRequest.builder("GET", path).nativeRequest(servlet).build());
    }

    private static JsonNode json(DashboardResponse response) throws Exception {
        return new ObjectMapper().readTree(new String(response.body(), StandardCharsets.UTF_8));
    }

    // ---- the properties ----

    @Test
    void theSchedulerIsOnAndLooksEverySecondByDefault() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(STARTER))
                .withPropertyValues(newDatabase(), "backgroundjobs.jdbc.migrate-schema=true")
                .withUserConfiguration(ReportJobConfig.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    BackgroundJobsProperties.Scheduler settings =
                            context.getBean(BackgroundJobsProperties.class).getScheduler();
                    assertThat(settings.isEnabled()).isTrue();
                    assertThat(settings.getPollInterval()).isEqualTo(Duration.ofSeconds(1));
                    assertThat(scheduler(context).pollInterval()).isEqualTo(Duration.ofSeconds(1));
                });
    }

    @Test
    void thePollIntervalIsTenMillisecondsToOneHourAndEveryRetentionSettingIsAtLeastOneSecond() {
        for (String accepted :
                List.of("backgroundjobs.scheduler.poll-interval=10ms", "backgroundjobs.scheduler.poll-interval=1h")) {
            runner.withPropertyValues(newDatabase(), accepted)
                    .withUserConfiguration(ReportJobConfig.class)
                    .run(context -> assertThat(context).as(accepted).hasNotFailed());
        }
        for (String name : List.of(
                "succeeded-age",
                "failed-age",
                "aborted-age",
                "cancelled-age",
                "cleared-age",
                "fire-record-age",
                "interval")) {
            String property = "backgroundjobs.scheduler.retention." + name;
            runner.withPropertyValues(newDatabase(), property + "=1s")
                    .withUserConfiguration(ReportJobConfig.class)
                    .run(context -> assertThat(context).as(property).hasNotFailed());
            runner.withPropertyValues(newDatabase(), property + "=999ms")
                    .withUserConfiguration(ReportJobConfig.class)
                    .run(context -> {
                        assertThat(context).as(property).hasFailed();
                        StringBuilder messages = new StringBuilder();
                        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
                            messages.append(t.getMessage()).append('\n');
                        }
                        assertThat(messages).as(property).contains(property + " must be at least PT1S");
                    });
        }
    }

    // ---- the snippet ----

    @Test
    void theSchedulesSnippetDeclaresTheCronJobInItsZone() {
        runner.withPropertyValues(newDatabase())
                .withUserConfiguration(ReportJobConfig.class, Schedules.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DefinitionState stored = scheduler(context).get("nightly-report");
                    assertThat(stored.declared()).isTrue();
                    assertThat(stored.paused()).isFalse();
                    assertThat(stored.definition().schedule()).endsWith("30 2 * * *");
                    assertThat(stored.definition().zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
                    assertThat(stored.definition().queueName()).isEqualTo("reports");
                    assertThat(stored.definition().userName()).isEqualTo("ops");
                    assertThat(stored.definition().requestType()).isEqualTo("Request");
                    ZonedDateTime next = stored.nextFireAt().atZone(ZoneId.of("Europe/Berlin"));
                    assertThat(next.getHour()).isEqualTo(2);
                    assertThat(next.getMinute()).isEqualTo(30);
                    assertThat(next.getSecond()).isZero();
                    assertThat(stored.nextFireAt()).isAfter(java.time.Instant.now());
                });
    }

    @Test
    void aFiredJobRunsOnTheStartersWorkerAsAnOrdinaryJobOfTheDefinitionsUser() {
        runner.withPropertyValues(newDatabase())
                .withUserConfiguration(ReportJobConfig.class, EverySecond.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JdbiJobRepository<Long> repository = repository(context);
                    BackgroundJobInfo<Long> job =
                            awaitSucceeded(repository, "ops", 1).get(0);
                    assertThat(job.getQueueName()).isEqualTo("reports");
                    assertThat(job.getRequestType()).isEqualTo("Request");
                    assertThat(job.getResultData()).contains("42");
                    DefinitionState state = scheduler(context).get("nightly-report");
                    assertThat(state.lastFireAt()).isNotNull();
                    assertThat(state.lastJobId()).isNotNull();
                });
    }

    @SuppressWarnings("unchecked")
    static <K> JdbiJobRepository<K> repository(org.springframework.context.ApplicationContext context) {
        return context.getBean(JdbiJobRepository.class);
    }

    // ---- who declares ----

    @Test
    void aRestartWithAChangedScheduleFiresByTheNewOne() {
        String database = newDatabase();
        runner.withPropertyValues(database)
                .withUserConfiguration(ReportJobConfig.class, Schedules.class)
                .run(context -> assertThat(context).hasNotFailed());

        runner.withPropertyValues(database)
                .withUserConfiguration(ReportJobConfig.class, EverySecond.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DefinitionState state = scheduler(context).get("nightly-report");
                    assertThat(state.definition().schedule()).doesNotContain("30 2");
                    assertThat(state.nextFireAt())
                            .isBefore(java.time.Instant.now().plusSeconds(2));
                    awaitSucceeded(repository(context), "ops", 1);
                });
    }

    @Test
    void retentionOffMarksTheRetentionDefinitionNotDeclared() {
        String database = newDatabase();
        runner.withPropertyValues(database)
                .withUserConfiguration(ReportJobConfig.class)
                .run(context -> assertThat(declared(scheduler(context), RetentionPolicy.DEFINITION_NAME))
                        .isTrue());

        runner.withPropertyValues(database, "backgroundjobs.scheduler.retention.enabled=false")
                .withUserConfiguration(ReportJobConfig.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(declared(scheduler(context), RetentionPolicy.DEFINITION_NAME))
                            .isFalse();
                });
    }

    @Test
    void aWebFrontEndWithoutTheWorkerShowsTheWorkersDefinitionsInTheAdminApi() {
        String database = newDatabase();
        runner.withPropertyValues(database, "backgroundjobs.scheduler.retention.succeeded-age=2d")
                .withUserConfiguration(ReportJobConfig.class, Schedules.class)
                .run(context -> assertThat(context).hasNotFailed());

        webRunner
                .withPropertyValues(database, "backgroundjobs.worker.enabled=false")
                .withUserConfiguration(ReportJobConfig.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(QueueWorker.class);
                    DashboardResponse response = adminGet(context.getBean(Dashboard.class), "/api/admin/recurring");
                    assertThat(response.status()).isEqualTo(200);
                    JsonNode body = json(response);
                    JsonNode definitions = body.path("definitions");
                    assertThat(definitions).hasSize(1);
                    assertThat(definitions.get(0).path("name").asText()).isEqualTo("nightly-report");
                    assertThat(definitions.get(0).path("zone").asText()).isEqualTo("Europe/Berlin");
                    assertThat(definitions.get(0).path("declared").asBoolean()).isTrue();
                    assertThat(body.path("retention").path("enabled").asBoolean())
                            .isTrue();
                    // The settings shown are the ones the worker stored (2 days), not the front end's defaults.
                    assertThat(body.path("retention")
                                    .path("ages")
                                    .path("SUCCEEDED")
                                    .asText())
                            .isEqualTo("PT48H");
                });
    }

    @Test
    void theAdminApiOfTheWorkersProcessListsTheDefinitionsAndTheRetention() {
        webRunner
                .withPropertyValues(newDatabase(), "backgroundjobs.scheduler.retention.succeeded-age=2d")
                .withUserConfiguration(ReportJobConfig.class, Schedules.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JsonNode body = json(adminGet(context.getBean(Dashboard.class), "/api/admin/recurring"));
                    assertThat(body.path("definitions").get(0).path("name").asText())
                            .isEqualTo("nightly-report");
                    assertThat(body.path("retention").path("enabled").asBoolean())
                            .isTrue();
                    assertThat(body.path("retention")
                                    .path("ages")
                                    .path("SUCCEEDED")
                                    .asText())
                            .isEqualTo("PT48H");
                    assertThat(json(adminGet(context.getBean(Dashboard.class), "/api/me"))
                                    .path("recurringAvailable")
                                    .asBoolean())
                            .isTrue();
                });
    }

    @Test
    void withTheSchedulerOffTheAdminApiAnswers501() {
        webRunner
                .withPropertyValues(newDatabase(), "backgroundjobs.scheduler.enabled=false")
                .withUserConfiguration(ReportJobConfig.class, Schedules.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(RecurringScheduler.class);
                    assertThat(adminGet(context.getBean(Dashboard.class), "/api/admin/recurring")
                                    .status())
                            .isEqualTo(501);
                    JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
                    assertThat(jdbc.queryForObject(
                                    "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                                            + " WHERE LOWER(TABLE_NAME) LIKE 'background_jobs_recurring%'",
                                    Integer.class))
                            .as("no recurring tables without a scheduler")
                            .isZero();
                });
    }

    @Test
    void withoutTheTablesAWebFrontEndStillStartsAndItsAdminApiAnswers503NamingThem() {
        String database = newDatabase();
        runner.withPropertyValues(database, "backgroundjobs.scheduler.enabled=false")
                .withUserConfiguration(ReportJobConfig.class)
                .run(jobsTableOnly -> assertThat(jobsTableOnly).hasNotFailed());

        webRunner
                .withPropertyValues(
                        database, "backgroundjobs.jdbc.migrate-schema=false", "backgroundjobs.worker.enabled=false")
                .withUserConfiguration(ReportJobConfig.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    DashboardResponse response = adminGet(context.getBean(Dashboard.class), "/api/admin/recurring");
                    // The front end declares nothing, so nothing reads the tables before the admin view does.
                    assertThat(response.status()).isEqualTo(503);
                    assertThat(json(response).path("error").asText())
                            .startsWith("The recurring-job tables are missing (findAll)")
                            .contains("backgroundjobs.jdbc.migrate-schema=true");
                    assertThat(scheduler(context).declared()).isEmpty();
                });
    }

    // ---- who fires ----

    @Test
    void twoInstancesOnOneDatabaseQueueEachFireTimeOnce() {
        String database = newDatabase();
        runner.withPropertyValues(database)
                .withUserConfiguration(ReportJobConfig.class, EverySecond.class)
                .run(first -> {
                    assertThat(first).hasNotFailed();
                    runner.withPropertyValues(database)
                            .withUserConfiguration(ReportJobConfig.class, EverySecond.class)
                            .run(second -> {
                                assertThat(second).hasNotFailed();
                                awaitSucceeded(repository(second), "ops", 4);
                            });
                    JdbcTemplate jdbc = new JdbcTemplate(first.getBean(DataSource.class));
                    List<String> fireTimes = jdbc.queryForList(
                            "SELECT CAST(fire_time AS VARCHAR) FROM background_jobs_recurring_fires"
                                    + " WHERE outcome = 'QUEUED'",
                            String.class);
                    Integer jobs = jdbc.queryForObject(
                            "SELECT COUNT(*) FROM background_jobs WHERE user_name = 'ops'", Integer.class);
                    Integer distinctJobs = jdbc.queryForObject(
                            "SELECT COUNT(DISTINCT job_id) FROM background_jobs_recurring_fires"
                                    + " WHERE outcome = 'QUEUED'",
                            Integer.class);
                    assertThat(fireTimes).doesNotHaveDuplicates();
                    assertThat(distinctJobs).isEqualTo(fireTimes.size());
                    assertThat(jobs).isEqualTo(fireTimes.size());
                });
    }

    @Test
    void anApplicationCustomizerAddsItsPeriodicTaskToTheStartersWorker() {
        runner.withPropertyValues(newDatabase())
                .withUserConfiguration(ReportJobConfig.class, Ticking.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(Ticking.class).ticks.await(DEADLINE.toSeconds(), TimeUnit.SECONDS))
                            .as("the customizer's periodic task ran on the started worker")
                            .isTrue();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class Ticking {
        final CountDownLatch ticks = new CountDownLatch(2);

        @Bean
        QueueWorkerCustomizer ticker() {
            return worker -> worker.periodicTask("ticker", Duration.ofMillis(50), ticks::countDown);
        }
    }

    @Test
    void anApplicationsOwnWorkerFiresOnceItRegistersTheScheduler() {
        runner.withPropertyValues(newDatabase())
                .withUserConfiguration(ReportJobConfig.class, EverySecond.class, OwnWorker.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(QueueWorker.class)).isSameAs(context.getBean("ownWorker"));
                    assertThat(declared(scheduler(context), "nightly-report")).isTrue();
                    awaitSucceeded(repository(context), "ops", 1);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnWorker {
        @Bean
        QueueWorker ownWorker(JobQueue queue, RecurringScheduler<Long> recurring, ReportJob reportJob) {
            return recurring
                    .registerWith(QueueWorker.builder(queue))
                    .job("reports", reportJob)
                    .build();
        }
    }

    /** A job bean the application binds in its own worker, without {@link BackgroundJob}. */
    public static class UnboundJob extends BackgroundJobBase<Long, ReportJob.Request, ReportJob.Result> {
        /** @param repository the starter's repository */
        public UnboundJob(JobRepositoryBase<Long> repository) {
            super(repository, ReportJob.Request.class, ReportJob.Result.class);
        }

        @Override
        protected ReportJob.Result onExecute(ReportJob.Request request, JobContext<Long> context) {
            return new ReportJob.Result(7);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnWorkerOfAnUnboundJob {
        @Bean
        UnboundJob unboundJob(JobRepositoryBase<Long> repository) {
            return new UnboundJob(repository);
        }

        @Bean
        QueueWorker ownWorker(JobQueue queue, RecurringScheduler<Long> recurring, UnboundJob job) {
            return recurring
                    .registerWith(QueueWorker.builder(queue))
                    .job("reports", job)
                    .build();
        }
    }

    @Test
    void anApplicationsOwnWorkerOfJobBeansWithoutAQueueDeclaresAndFires() {
        runner.withPropertyValues(newDatabase())
                .withUserConfiguration(EverySecond.class, OwnWorkerOfAnUnboundJob.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(declared(scheduler(context), "nightly-report")).isTrue();
                    assertThat(awaitSucceeded(repository(context), "ops", 1)
                                    .get(0)
                                    .getResultData())
                            .contains("7");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnWorkerWithoutJobBeans {
        @Bean
        QueueWorker ownWorker(JobQueue queue, RecurringScheduler<Long> recurring, JobRepositoryBase<Long> repository) {
            return recurring
                    .registerWith(QueueWorker.builder(queue))
                    .job("reports", new ReportJob(repository))
                    .build();
        }
    }

    @Test
    void anApplicationsOwnWorkerWithoutJobBeansDeclaresAndFires() {
        runner.withPropertyValues(newDatabase())
                .withUserConfiguration(EverySecond.class, OwnWorkerWithoutJobBeans.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(declared(scheduler(context), "nightly-report")).isTrue();
                    awaitSucceeded(repository(context), "ops", 1);
                });
    }

    // ---- UUID keys ----

    /** The report job with UUID keys. */
    @BackgroundJob(queue = "reports")
    public static class UuidReportJob extends BackgroundJobBase<UUID, ReportJob.Request, ReportJob.Result> {
        /** @param repository the starter's repository */
        public UuidReportJob(JobRepositoryBase<UUID> repository) {
            super(repository, ReportJob.Request.class, ReportJob.Result.class);
        }

        @Override
        protected ReportJob.Result onExecute(ReportJob.Request request, JobContext<UUID> context) {
            return new ReportJob.Result(42);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UuidReportJobConfig {
        @Bean
        UuidReportJob reportJob(JobRepositoryBase<UUID> repository) {
            return new UuidReportJob(repository);
        }
    }

    @Test
    void withUuidKeysARecurringJobBeanFiresAJobKeyedByUuid() {
        runner.withPropertyValues(newDatabase(), "backgroundjobs.jdbc.key-type=uuid")
                .withUserConfiguration(UuidReportJobConfig.class, EverySecond.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    JdbiJobRepository<UUID> repository = repository(context);
                    BackgroundJobInfo<UUID> job =
                            awaitSucceeded(repository, "ops", 1).get(0);
                    assertThat(job.getId()).isInstanceOf(UUID.class);
                    String lastJob = scheduler(context).get("nightly-report").lastJobId();
                    assertThat(UUID.fromString(lastJob)).isNotNull();
                });
    }
}
