package io.github.aobackgroundjobs.spring.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.HealthReport;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spring.BackgroundJob;
import io.github.aobackgroundjobs.spring.BackgroundJobsAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsHealthIndicator;
import io.github.aobackgroundjobs.spring.BackgroundJobsProperties;
import io.github.aobackgroundjobs.spring.BackgroundJobsWorkerAutoConfiguration;
import io.github.aobackgroundjobs.spring.BackgroundJobsWorkerLifecycleAutoConfiguration;
import io.github.aobackgroundjobs.spring.QueueWorkerCustomizer;
import io.github.aobackgroundjobs.spring.QueueWorkerLifecycle;
import io.github.aobackgroundjobs.spring.SpringQueueJobClient;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The Javadoc of the starter's public types, read as a new user would. */
class StarterApiJavadocTest {

    @Test
    void aRefusedValueLeavesTheSettingAsItWas() {
        BackgroundJobsProperties.Worker worker = new BackgroundJobsProperties().getWorker();
        assertThatThrownBy(() -> worker.setVisibilityTimeout(Duration.ofDays(7).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backgroundjobs.worker.visibility-timeout");
        assertThat(worker.getVisibilityTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThatThrownBy(() -> worker.setConcurrency(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(worker.getConcurrency()).isEqualTo(8);

        BackgroundJobsProperties.Scheduler scheduler = new BackgroundJobsProperties().getScheduler();
        assertThatThrownBy(() -> scheduler.setPollInterval(Duration.ofHours(1).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backgroundjobs.scheduler.poll-interval");
        assertThat(scheduler.getPollInterval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void theSchedulersRangesAreCheckedAtTheirBounds() {
        BackgroundJobsProperties.Scheduler scheduler = new BackgroundJobsProperties().getScheduler();
        scheduler.setPollInterval(Duration.ofMillis(10));
        scheduler.setPollInterval(Duration.ofHours(1));
        assertThat(scheduler.getPollInterval()).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> scheduler.setPollInterval(Duration.ofMillis(9)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backgroundjobs.scheduler.poll-interval");
        BackgroundJobsProperties.Retention retention = scheduler.getRetention();
        retention.setBatchSize(1);
        retention.setBatchSize(10_000);
        assertThatThrownBy(() -> retention.setBatchSize(10_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("batch-size");
        retention.setSucceededAge(Duration.ofSeconds(1));
        assertThatThrownBy(() -> retention.setSucceededAge(Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("succeeded-age");
        assertThatThrownBy(() -> retention.setInterval(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interval");
    }

    @Test
    void aNullDurationIsRefusedNamingTheProperty() {
        BackgroundJobsProperties properties = new BackgroundJobsProperties();
        assertThatThrownBy(() -> properties.getWorker().setVisibilityTimeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("backgroundjobs.worker.visibility-timeout");
        assertThatThrownBy(() -> properties.getJdbc().setQueryTimeout(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("backgroundjobs.jdbc.query-timeout");
        assertThatThrownBy(() -> properties.getScheduler().setPollInterval(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("backgroundjobs.scheduler.poll-interval");
        assertThatThrownBy(() -> properties.getJdbc().setKeyType(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void textSettingsAreCheckedAndBlankMeansNone() {
        BackgroundJobsProperties properties = new BackgroundJobsProperties();
        BackgroundJobsProperties.Azure azure = properties.getQueue().getAzure();
        azure.setEndpoint(" ");
        assertThat(azure.getEndpoint()).isNull();
        assertThatThrownBy(() -> azure.setEndpoint("http://account.queue.core.windows.net"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backgroundjobs.queue.azure.endpoint");
        azure.setConnectionString("");
        assertThat(azure.getConnectionString()).isNull();
        properties.getJdbc().setSchema(" ");
        assertThat(properties.getJdbc().getSchema()).isNull();
        assertThatThrownBy(() -> properties.getJdbc().setTableName(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backgroundjobs.jdbc.table-name");
        BackgroundJobsProperties.JobBinding binding = new BackgroundJobsProperties.JobBinding();
        assertThatThrownBy(() -> binding.setQueue(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queue");
    }

    @Test
    void theSchemaLosesTheSpacesAroundIt_asTheTableNameDoes() {
        BackgroundJobsProperties.Jdbc jdbc = new BackgroundJobsProperties().getJdbc();
        jdbc.setSchema(" jobs\t");
        jdbc.setTableName(" background_jobs ");
        assertThat(jdbc.getSchema()).isEqualTo("jobs");
        assertThat(jdbc.getTableName()).isEqualTo("background_jobs");
        jdbc.setSchema("\t ");
        assertThat(jdbc.getSchema()).isNull();
    }

    @Test
    void theAzureConnectionStringAndEndpointLoseTheSpacesAndLineBreaksAroundThem() {
        BackgroundJobsProperties.Azure azure =
                new BackgroundJobsProperties().getQueue().getAzure();
        azure.setConnectionString(" UseDevelopmentStorage=true\n");
        azure.setEndpoint("\thttps://account.queue.core.windows.net\r\n");
        assertThat(azure.getConnectionString()).isEqualTo("UseDevelopmentStorage=true");
        assertThat(azure.getEndpoint()).isEqualTo("https://account.queue.core.windows.net");
        azure.setConnectionString(" \n");
        azure.setEndpoint(" ");
        assertThat(azure.getConnectionString()).isNull();
        assertThat(azure.getEndpoint()).isNull();
        assertThatThrownBy(() -> azure.setEndpoint(" http://account.queue.core.windows.net "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("backgroundjobs.queue.azure.endpoint must be an https URL");
    }

    @Test
    void theBackgroundJobAnnotationIsReadableAtRunTimeFromTheClass() {
        assertThat(ReportJob.class.getAnnotation(BackgroundJob.class).queue()).isEqualTo("reports");
    }

    @Test
    void aClientWithoutADataSourceQueuesAndSendsBeforeReturning() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        QueueJobClient<Long> plain = QueueJobClient.builder(repository, queue).build();
        SpringQueueJobClient<Long> jobs = new SpringQueueJobClient<>(plain);
        assertThat(jobs.client()).isSameAs(plain);
        assertThat(jobs.dataSource()).isEmpty();

        Long id = jobs.queueJob("reports", "ada", new ReportJob.Request("daily"));

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(queue.approximateLength("reports")).hasValue(1);
        assertThatThrownBy(() -> new SpringQueueJobClient<Long>(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'client'");
        assertThatThrownBy(() -> new SpringQueueJobClient<>(plain, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'dataSource'");
    }

    @Test
    void insideATransactionABadDelayIsRefusedNamingItAndNothingIsWrittenOrSent() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:starter_javadoc_tx_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        SpringQueueJobClient<Long> jobs = new SpringQueueJobClient<>(
                QueueJobClient.builder(repository, queue).build(), ds);
        assertThat(jobs.dataSource()).containsSame(ds);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(ds));

        assertThatThrownBy(() -> transactions.executeWithoutResult(
                        status -> jobs.queueJob("reports", "ada", new ReportJob.Request("daily"), Duration.ofDays(8))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'delay'");

        try (Connection connection = ds.getConnection();
                ResultSet rows = connection.createStatement().executeQuery("select count(*) from background_jobs")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getLong(1)).isZero();
        }
        assertThat(queue.approximateLength("reports")).hasValue(0);
    }

    @Test
    void theHealthIndicatorIsUpOnlyWhenEveryCheckIsUpAndShowsEachCheck() {
        HealthReport.Check store = new HealthReport.Check("store", true, Map.of("latency", "3ms"));
        HealthReport.Check queue = new HealthReport.Check("queue:reports", false, Map.of("error", "refused"));
        Health up = new BackgroundJobsHealthIndicator(() -> HealthReport.of(List.of(store))).health();
        assertThat(up.getStatus()).isEqualTo(Status.UP);
        assertThat(up.getDetails()).containsEntry("store", Map.of("status", "UP", "latency", "3ms"));
        Health down = new BackgroundJobsHealthIndicator(() -> HealthReport.of(List.of(store, queue))).health();
        assertThat(down.getStatus()).isEqualTo(Status.DOWN);
        assertThat(down.getDetails()).containsEntry("queue:reports", Map.of("status", "DOWN", "error", "refused"));
        assertThatThrownBy(() -> new BackgroundJobsHealthIndicator(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'check'");
    }

    @Test
    void theLifecycleStartsAndClosesItsWorker() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueWorker worker = QueueWorker.builder(new InMemoryJobQueue())
                .job("reports", new ReportJob(repository))
                .build();
        QueueWorkerLifecycle lifecycle = new QueueWorkerLifecycle(worker, Duration.ofSeconds(5));
        assertThat(lifecycle.worker()).isSameAs(worker);
        assertThat(lifecycle.isRunning()).isFalse();
        lifecycle.start();
        assertThat(lifecycle.isRunning()).isTrue();
        lifecycle.stop();
        assertThat(lifecycle.isRunning()).isFalse();
        assertThatThrownBy(() -> new QueueWorkerLifecycle(null, Duration.ZERO))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'worker'");
        assertThatThrownBy(() -> new QueueWorkerLifecycle(worker, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'shutdownTimeout'");
    }

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class,
                    BackgroundJobsAutoConfiguration.class,
                    BackgroundJobsWorkerAutoConfiguration.class,
                    BackgroundJobsWorkerLifecycleAutoConfiguration.class))
            .withPropertyValues(
                    "spring.datasource.url=jdbc:h2:mem:starter_javadoc_" + DATABASES.incrementAndGet()
                            + ";DB_CLOSE_DELAY=-1",
                    "backgroundjobs.jdbc.migrate-schema=true");

    /** Counts the customizer's calls. */
    @Configuration(proxyBeanMethods = false)
    static class CountingCustomizer {
        @Bean
        AtomicInteger customizerCalls() {
            return new AtomicInteger();
        }

        @Bean
        QueueWorkerCustomizer counting(AtomicInteger customizerCalls) {
            return worker -> customizerCalls.incrementAndGet();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class StarterWorker {
        @Bean
        ReportJob reportJob(JobRepositoryBase<Long> repository) {
            return new ReportJob(repository);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnWorker {
        @Bean
        QueueWorker ownWorker(JobQueue queue, JobRepositoryBase<Long> repository) {
            return QueueWorker.builder(queue)
                    .job("reports", new ReportJob(repository))
                    .build();
        }
    }

    @Test
    void aCustomizerIsCalledOnceForTheStartersWorkerAndNotForTheApplicationsOwn() {
        runner.withUserConfiguration(CountingCustomizer.class, StarterWorker.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(QueueWorker.class).isRunning()).isTrue();
                    assertThat(context.getBean("customizerCalls", AtomicInteger.class))
                            .hasValue(1);
                });
        runner.withUserConfiguration(CountingCustomizer.class, OwnWorker.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(QueueWorker.class).isRunning()).isTrue();
            assertThat(context.getBean("customizerCalls", AtomicInteger.class)).hasValue(0);
        });
    }
}
