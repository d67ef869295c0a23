package io.github.aobackgroundjobs.spring.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.HealthReport;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spring.BackgroundJob;
import io.github.aobackgroundjobs.spring.BackgroundJobsAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsDashboardAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsHealthAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsHealthIndicator;
import io.github.aobackgroundjobs.spring.BackgroundJobsMetricsAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsProperties;
import io.github.aobackgroundjobs.spring.BackgroundJobsWorkerAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsWorkerLifecycleAutoConfiguration;
import io.github.aobackgroundjobs.spring.QueueWorkerLifecycle;
import io.github.aobackgroundjobs.spring.SpringQueueJobClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.ApplicationContextAssertProvider;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The rules docs/spring-boot.md states, checked as a new user would read them. */
class DocumentedRulesTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static final Class<?>[] STARTER = {
        DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class,
        BackgroundJobsAutoConfiguration.class,
        BackgroundJobsMetricsAutoConfiguration.class,
        BackgroundJobsWorkerAutoConfiguration.class,
        BackgroundJobsWorkerLifecycleAutoConfiguration.class,
        BackgroundJobsHealthAutoConfiguration.class
    };

    private static String newDatabase() {
        return "spring.datasource.url=jdbc:h2:mem:documented_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(STARTER))
            .withPropertyValues(newDatabase(), "backgroundjobs.jdbc.migrate-schema=true");

    private final WebApplicationContextRunner webRunner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(STARTER))
            .withConfiguration(AutoConfigurations.of(BackgroundJobsDashboardAutoConfiguration.class))
            .withPropertyValues(newDatabase(), "backgroundjobs.jdbc.migrate-schema=true");

    // ---- jobs used by the tests ----

    /** A job without {@link BackgroundJob}. */
    public static class PlainJob extends BackgroundJobBase<Long, PlainJob.Request, PlainJob.Result> {
        /** @param text anything */
        public record Request(String text) {}

        /** @param text anything */
        public record Result(String text) {}

        /** @param repository the starter's repository */
        public PlainJob(JobRepositoryBase<Long> repository) {
            super(repository, Request.class, Result.class);
        }

        @Override
        protected Result onExecute(Request request, JobContext<Long> context) {
            return new Result(request.text());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ReportJobConfig {
        @Bean
        ReportJob reportJob(JobRepositoryBase<Long> repository) {
            return new ReportJob(repository);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class PlainJobConfig {
        @Bean
        PlainJob plainJob(JobRepositoryBase<Long> repository) {
            return new PlainJob(repository);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoJobsOneQueue {
        @Bean
        ReportJob reportJob(JobRepositoryBase<Long> repository) {
            return new ReportJob(repository);
        }

        @Bean
        @BackgroundJob(queue = "reports")
        PlainJob otherReportJob(JobRepositoryBase<Long> repository) {
            return new PlainJob(repository);
        }
    }

    // ---- helpers ----

    private static List<Throwable> causes(ApplicationContextAssertProvider<?> context) {
        assertThat(context).hasFailed();
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static String messages(ApplicationContextAssertProvider<?> context) {
        return String.join(
                "\n",
                causes(context).stream()
                        .map(t -> String.valueOf(t.getMessage()))
                        .toList());
    }

    private static <T extends Throwable> T cause(ApplicationContextAssertProvider<?> context, Class<T> type) {
        return causes(context).stream()
                .filter(type::isInstance)
                .map(type::cast)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + messages(context)));
    }

    private void assertAccepted(String property) {
        runner.withPropertyValues(property)
                .run(context -> assertThat(context).as(property).hasNotFailed());
    }

    private void assertRefused(String property, String... expected) {
        runner.withPropertyValues(property)
                .run(context -> assertThat(messages(context)).as(property).contains(expected));
    }

    // ---- the properties table ----

    @Test
    void everyPropertyHasItsDocumentedDefault() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(STARTER))
                .withPropertyValues(newDatabase())
                .run(context -> assertThat(context.getBean(BackgroundJobsProperties.class)
                                .getJdbc()
                                .isMigrateSchema())
                        .isFalse());
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            BackgroundJobsProperties properties = context.getBean(BackgroundJobsProperties.class);
            assertThat(properties.getJdbc().getSchema()).isNull();
            assertThat(properties.getJdbc().getTableName()).isEqualTo("background_jobs");
            assertThat(properties.getJdbc().getQueryTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.getJdbc().getKeyType()).isEqualTo(BackgroundJobsProperties.KeyType.LONG);
            assertThat(properties.getQueue().getType()).isEqualTo(BackgroundJobsProperties.QueueType.MEMORY);
            assertThat(properties.getQueue().getAzure().getConnectionString()).isNull();
            assertThat(properties.getQueue().getAzure().getEndpoint()).isNull();
            assertThat(properties.getWorker().isEnabled()).isTrue();
            assertThat(properties.getWorker().getConcurrency()).isEqualTo(8);
            assertThat(properties.getWorker().getVisibilityTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.getWorker().getMaxDequeueCount()).isEqualTo(5);
            assertThat(properties.getWorker().getMaxPollInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(properties.getWorker().getShutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(properties.getJobs()).isEmpty();
            assertThat(properties.getDashboard().isEnabled()).isTrue();
            assertThat(properties.getDashboard().getPath()).isEqualTo("/jobs");
            assertThat(properties.getDashboard().getAdminRole()).isEqualTo("ADMIN");
            assertThat(properties.getDashboard().isCsrfExempt()).isTrue();
            assertThat(properties.getDashboard().getSecret()).isNull();
            assertThat(context.getBean(JobQueue.class)).isInstanceOf(InMemoryJobQueue.class);
        });
    }

    @Test
    void theWorkerRunsWithTheConfiguredConcurrencyEightByDefault() {
        runner.withUserConfiguration(ReportJobConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            HealthReport report = context.getBean(QueueWorker.class).checkHealth();
            assertThat(String.valueOf(report)).contains("concurrency=8");
        });
        runner.withUserConfiguration(ReportJobConfig.class)
                .withPropertyValues("backgroundjobs.worker.concurrency=3")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(String.valueOf(context.getBean(QueueWorker.class).checkHealth()))
                            .contains("concurrency=3");
                });
    }

    @Test
    void rangesAreCheckedAtTheirDocumentedBounds() {
        assertAccepted("backgroundjobs.worker.concurrency=1");
        assertAccepted("backgroundjobs.worker.concurrency=1024");
        assertRefused(
                "backgroundjobs.worker.concurrency=0",
                "backgroundjobs.worker.concurrency must be from 1 to 1024, not 0.");
        assertRefused("backgroundjobs.worker.concurrency=1025", "backgroundjobs.worker.concurrency");

        assertAccepted("backgroundjobs.worker.max-dequeue-count=1");
        assertAccepted("backgroundjobs.worker.max-dequeue-count=1000");
        assertRefused("backgroundjobs.worker.max-dequeue-count=0", "backgroundjobs.worker.max-dequeue-count");
        assertRefused("backgroundjobs.worker.max-dequeue-count=1001", "backgroundjobs.worker.max-dequeue-count");

        assertAccepted("backgroundjobs.jdbc.query-timeout=1s");
        assertRefused("backgroundjobs.jdbc.query-timeout=999ms", "backgroundjobs.jdbc.query-timeout", "PT1S");

        assertAccepted("backgroundjobs.worker.visibility-timeout=7d");
        assertRefused("backgroundjobs.worker.visibility-timeout=0s", "backgroundjobs.worker.visibility-timeout");
        assertRefused("backgroundjobs.worker.visibility-timeout=604801s", "backgroundjobs.worker.visibility-timeout");

        assertAccepted("backgroundjobs.worker.max-poll-interval=1ms");
        assertRefused("backgroundjobs.worker.max-poll-interval=0ms", "backgroundjobs.worker.max-poll-interval");

        assertAccepted("backgroundjobs.worker.shutdown-timeout=0s");
        assertRefused("backgroundjobs.worker.shutdown-timeout=-1s", "backgroundjobs.worker.shutdown-timeout");

        assertAccepted("backgroundjobs.dashboard.secret=" + "s".repeat(32));
        assertRefused("backgroundjobs.dashboard.secret=" + "s".repeat(31), "backgroundjobs.dashboard.secret");

        assertAccepted("backgroundjobs.dashboard.path=/ops/a.b_c~d-e");
        assertRefused("backgroundjobs.dashboard.path=/jobs/", "backgroundjobs.dashboard.path");
        assertRefused("backgroundjobs.dashboard.path=jobs", "backgroundjobs.dashboard.path");
        assertRefused("backgroundjobs.dashboard.path=/jobs/*", "backgroundjobs.dashboard.path");

        assertAccepted("backgroundjobs.dashboard.admin-role=OPS");
        assertRefused("backgroundjobs.dashboard.admin-role=ROLE_OPS", "backgroundjobs.dashboard.admin-role");

        assertRefused("backgroundjobs.queue.type=kafka", "Failed to bind properties under 'backgroundjobs.queue.type'");
        assertRefused("backgroundjobs.jdbc.key-type=string", "backgroundjobs.jdbc.key-type");
    }

    @Test
    void aVisibilityTimeoutNotLongerThanTheLeaseFailsWithIllegalStateExceptionNamingTheProperty() {
        runner.withUserConfiguration(ReportJobConfig.class)
                .withPropertyValues("backgroundjobs.worker.visibility-timeout=30s")
                .run(context -> assertThat(cause(context, IllegalStateException.class))
                        .hasMessageContaining("backgroundjobs.worker.visibility-timeout"));
    }

    @Test
    void tableAndSchemaNamesAreCheckedNamingTheBuildersFieldAndTheValue() {
        String forty = "t".repeat(40);
        assertAccepted("backgroundjobs.jdbc.table-name=" + forty);
        assertAccepted("backgroundjobs.jdbc.table-name=_jobs_2");
        for (String bad : List.of("t".repeat(41), "1jobs", "jobs-x", "jobs;drop")) {
            runner.withPropertyValues("backgroundjobs.jdbc.table-name=" + bad)
                    .run(context -> assertThat(cause(context, IllegalArgumentException.class))
                            .as(bad)
                            .hasMessageContaining("'tableName'")
                            .hasMessageContaining(bad));
        }
        for (String bad : List.of("s".repeat(64), "9schema", "my-schema")) {
            runner.withPropertyValues("backgroundjobs.jdbc.schema=" + bad)
                    .run(context -> assertThat(cause(context, IllegalArgumentException.class))
                            .as(bad)
                            .hasMessageContaining("'schema'")
                            .hasMessageContaining(bad));
        }
    }

    // ---- queue names and job bindings ----

    @Test
    void aQueueNameOutsideTheRuleFailsTheStartNamingQueueNameAndTheName() {
        String fiftySix = "q".repeat(56);
        runner.withUserConfiguration(ReportJobConfig.class)
                .withPropertyValues("backgroundjobs.jobs.reportJob.queue=" + fiftySix)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(QueueWorker.class).queueNames()).containsExactly(fiftySix);
                });
        for (String bad : List.of("q".repeat(57), "Reports", "ab", "re--ports", "-reports", "reports-", "re_ports")) {
            runner.withUserConfiguration(ReportJobConfig.class)
                    .withPropertyValues("backgroundjobs.jobs.reportJob.queue=" + bad)
                    .run(context -> assertThat(cause(context, IllegalArgumentException.class))
                            .as(bad)
                            .hasMessageContaining("'queueName'")
                            .hasMessageContaining(bad));
        }
    }

    @Test
    void thePropertyWinsOverTheAnnotation() {
        runner.withUserConfiguration(ReportJobConfig.class)
                .withPropertyValues("backgroundjobs.jobs.reportJob.queue=monthly-reports")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(QueueWorker.class).queueNames()).containsExactly("monthly-reports");
                });
    }

    @Test
    void anEnvironmentVariableGivesTheBeanNameInLowerCaseAndFailsTheStart() {
        runner.withUserConfiguration(ReportJobConfig.class)
                .withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                                Map.of("BACKGROUNDJOBS_JOBS_REPORTJOB_QUEUE", "monthly-reports"))))
                .run(context -> assertThat(messages(context))
                        .contains("backgroundjobs.jobs.reportjob.queue")
                        .contains("names no job bean"));
    }

    @Test
    void startFailuresNameTheBeanOrProperty() {
        runner.withUserConfiguration(PlainJobConfig.class)
                .run(context -> assertThat(messages(context)).contains("plainJob"));
        runner.withUserConfiguration(ReportJobConfig.class)
                .withPropertyValues("backgroundjobs.jobs.nothing.queue=reports")
                .run(context -> assertThat(messages(context)).contains("backgroundjobs.jobs.nothing.queue"));
        runner.withUserConfiguration(TwoJobsOneQueue.class)
                .run(context ->
                        assertThat(messages(context)).contains("'reports'").contains("otherReportJob"));
        runner.withPropertyValues("backgroundjobs.queue.type=azure")
                .run(context -> assertThat(messages(context))
                        .contains("backgroundjobs.queue.azure.connection-string")
                        .contains("backgroundjobs.queue.azure.endpoint"));
        runner.withPropertyValues(
                        "backgroundjobs.queue.type=azure",
                        "backgroundjobs.queue.azure.connection-string=UseDevelopmentStorage=true",
                        "backgroundjobs.queue.azure.endpoint=https://account.queue.core.windows.net")
                .run(context -> assertThat(messages(context))
                        .contains("backgroundjobs.queue.azure.connection-string")
                        .contains("backgroundjobs.queue.azure.endpoint")
                        .contains("not both"));
        runner.withPropertyValues(
                        "backgroundjobs.queue.type=azure",
                        "backgroundjobs.queue.azure.endpoint=http://account.queue.core.windows.net")
                .run(context -> assertThat(messages(context))
                        .contains("backgroundjobs.queue.azure.endpoint")
                        .contains("https"));
    }

    @Test
    void withTheWorkerOffTheBindingsAreNotCheckedOutsideAWebApplication() {
        runner.withUserConfiguration(PlainJobConfig.class)
                .withPropertyValues("backgroundjobs.worker.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(QueueWorker.class);
                    assertThat(context).doesNotHaveBean(QueueWorkerLifecycle.class);
                    assertThat(context).hasSingleBean(SpringQueueJobClient.class);
                });
    }

    @Test
    void withoutJobBeansNoWorkerIsMade() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(QueueWorker.class);
            assertThat(context).hasSingleBean(JdbiJobRepository.class);
        });
    }

    @Test
    void theDashboardChecksTheJobBindingsInAServletWebApplication() {
        webRunner
                .withUserConfiguration(PlainJobConfig.class)
                .withPropertyValues("backgroundjobs.worker.enabled=false")
                .run(context -> {
                    assertThat(messages(context)).contains("plainJob");
                });
        webRunner
                .withUserConfiguration(ReportJobConfig.class)
                .withPropertyValues(
                        "backgroundjobs.worker.enabled=false", "backgroundjobs.jobs.reportJob.queue=Monthly_Reports")
                .run(context -> assertThat(cause(context, IllegalArgumentException.class))
                        .hasMessageContaining("'queueName'")
                        .hasMessageContaining("Monthly_Reports"));
        webRunner.withUserConfiguration(ReportJobConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Dashboard.class);
        });
    }

    // ---- back-off and health ----

    @Configuration(proxyBeanMethods = false)
    static class OwnDashboardServlet {
        @Bean
        ServletRegistrationBean<jakarta.servlet.http.HttpServlet> backgroundJobsDashboardServlet() {
            return new ServletRegistrationBean<>(
                    new jakarta.servlet.http.HttpServlet() {
                        private static final long serialVersionUID = 1L;
                    },
                    "/own/*");
        }
    }

    private static java.util.Collection<String> dashboardServletMappings(
            org.springframework.context.ApplicationContext context) {
        ServletRegistrationBean<?> registration =
                (ServletRegistrationBean<?>) context.getBean("backgroundJobsDashboardServlet");
        return registration.getUrlMappings();
    }

    @Test
    void theDashboardServletBacksOffForABeanOfItsName() {
        webRunner.withUserConfiguration(OwnDashboardServlet.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Dashboard.class);
            assertThat(dashboardServletMappings(context)).containsExactly("/own/*");
        });
        webRunner.run(context -> assertThat(dashboardServletMappings(context)).containsExactly("/jobs/*"));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnHealthIndicator {
        @Bean
        BackgroundJobsHealthIndicator backgroundJobsHealthIndicator() {
            return new BackgroundJobsHealthIndicator(() -> HealthReport.of(List.of()));
        }
    }

    @Test
    void theHealthIndicatorBacksOffForABeanOfItsNameAndWithoutAWorkerChecksTheRepositoryOnly() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            Health health = context.getBean(BackgroundJobsHealthIndicator.class).health();
            assertThat(health.getStatus().getCode()).isEqualTo("UP");
            assertThat(health.getDetails()).isNotEmpty();
            assertThat(health.getDetails().keySet()).noneMatch(key -> key.startsWith("queue"));
            assertThat(health.getDetails().keySet()).noneMatch(key -> key.startsWith("worker"));
        });
        runner.withUserConfiguration(OwnHealthIndicator.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(BackgroundJobsHealthIndicator.class);
            assertThat(context.getBean("backgroundJobsHealthIndicator"))
                    .isSameAs(context.getBean(BackgroundJobsHealthIndicator.class));
        });
        runner.withUserConfiguration(ReportJobConfig.class).run(context -> {
            assertThat(context).hasNotFailed();
            Health health = context.getBean(BackgroundJobsHealthIndicator.class).health();
            assertThat(health.getDetails()).containsKeys("worker", "store", "queue:reports");
        });
    }
}
