package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

/** What the auto-configuration makes from properties, and how it backs off. */
class AutoConfigurationTest {

    private final ApplicationContextRunner runner = StarterContexts.runner("autoconfig");

    @Test
    void withoutJobBeansTheClientIsReadyAndNoWorkerRuns() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(JdbiJobRepository.class);
            assertThat(context.getBean(JobQueue.class)).isInstanceOf(InMemoryJobQueue.class);
            assertThat(context).hasSingleBean(QueueJobClient.class);
            assertThat(context).hasSingleBean(SpringQueueJobClient.class);
            assertThat(context).hasSingleBean(BackgroundJobsHealthIndicator.class);
            assertThat(context).doesNotHaveBean(QueueWorker.class);
            assertThat(context.getBean(BackgroundJobsHealthIndicator.class)
                            .health()
                            .getStatus()
                            .getCode())
                    .isEqualTo("UP");
        });
    }

    @Test
    void everyBeanBacksOffWhenTheApplicationDefinesItsOwn() {
        runner.withUserConfiguration(OwnBeans.class, AnnotatedJob.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(JdbiJobRepository.class);
            assertThat(context.getBean(JobRepositoryBase.class)).isSameAs(context.getBean("ownRepository"));
            assertThat(context.getBean(JobQueue.class)).isSameAs(context.getBean("ownQueue"));
            assertThat(context.getBean(QueueJobClient.class)).isSameAs(context.getBean("ownClient"));
            assertThat(context.getBean(QueueWorker.class)).isSameAs(context.getBean("ownWorker"));
            assertThat(context.getBean(QueueWorker.class).isRunning()).isTrue();
        });
    }

    @Test
    void aJobBeanIsBoundByItsAnnotationOrByProperty() {
        runner.withUserConfiguration(AnnotatedJob.class, PlainJobConfig.class)
                .withPropertyValues("backgroundjobs.jobs.plainJob.queue=plain-jobs")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(QueueWorker.class).queueNames())
                            .containsExactlyInAnyOrder(GreetingJob.QUEUE, "plain-jobs");
                    assertThat(context.getBean(QueueWorker.class).isRunning()).isTrue();
                });
    }

    @Test
    void customizersApplyInTheirOrderAfterTheSettingsAndTheBindings() {
        runner.withUserConfiguration(AnnotatedJob.class, OrderedCustomizers.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    QueueWorker worker = context.getBean(QueueWorker.class);
                    assertThat(context.getBean(Calls.class).names).containsExactly("first", "second");
                    // The later customizer's name wins over the earlier one's and the starter's.
                    assertThat(worker.name()).isEqualTo("second-name");
                    assertThat(worker.queueNames()).containsExactlyInAnyOrder(GreetingJob.QUEUE, "extra");
                    assertThat(worker.isRunning()).isTrue();
                });
    }

    @Test
    void aCustomizerBindingAQueueTheStarterBoundFailsTheStart() {
        // The bindings are on the builder before any customizer: a second job on that queue is refused.
        runner.withUserConfiguration(AnnotatedJob.class, RebindingCustomizer.class)
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("Queue '" + GreetingJob.QUEUE + "' is bound to two jobs"));
    }

    @Test
    void aJobBeanWithoutAQueueFailsTheStartNamingTheProperty() {
        runner.withUserConfiguration(PlainJobConfig.class)
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("The job bean 'plainJob' has no queue")
                        .contains("backgroundjobs.jobs.plainJob.queue"));
    }

    @Test
    void thePropertyOfAJobBeanThatDoesNotExistFailsTheStart() {
        runner.withUserConfiguration(AnnotatedJob.class)
                .withPropertyValues("backgroundjobs.jobs.reportJob.queue=reports")
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("'backgroundjobs.jobs.reportJob.queue' names no job bean"));
    }

    @Test
    void aWrongValueFailsTheStartNamingTheProperty() {
        assertStartFails("backgroundjobs.dashboard.secret=short", "backgroundjobs.dashboard.secret", "at least 32");
        assertStartFails("backgroundjobs.worker.concurrency=0", "backgroundjobs.worker.concurrency", "from 1 to 1024");
        assertStartFails("backgroundjobs.queue.type=kafka", "backgroundjobs.queue.type", "kafka");
        assertStartFails("backgroundjobs.dashboard.path=jobs/", "backgroundjobs.dashboard.path", "'/jobs'");
        assertStartFails(
                "backgroundjobs.dashboard.admin-role=ROLE_ADMIN",
                "backgroundjobs.dashboard.admin-role",
                "without 'ROLE_'");
        assertStartFails(
                "backgroundjobs.worker.shutdown-timeout=soon", "backgroundjobs.worker.shutdown-timeout", "soon");
        assertStartFails(
                "backgroundjobs.queue.azure.endpoint=http://queue.example",
                "backgroundjobs.queue.azure.endpoint",
                "https URL");
        assertStartFails(
                "backgroundjobs.worker.visibility-timeout=8d",
                "backgroundjobs.worker.visibility-timeout",
                "at most 7 days");
        assertStartFails(
                "backgroundjobs.queue.type=azure",
                "backgroundjobs.queue.azure.connection-string",
                "backgroundjobs.queue.azure.endpoint");
    }

    @Test
    void aVisibilityTimeoutNotAboveTheJobsLeaseFailsTheStartNamingTheProperty() {
        runner.withUserConfiguration(AnnotatedJob.class)
                .withPropertyValues("backgroundjobs.worker.visibility-timeout=30s")
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("must be shorter than the visibility timeout")
                        .contains("backgroundjobs.worker.visibility-timeout"));
        runner.withUserConfiguration(AnnotatedJob.class)
                .withPropertyValues("backgroundjobs.worker.visibility-timeout=31s")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void theApplicationsOwnWorkerWithoutJobBeansIsStartedAndClosedWithTheContext() {
        QueueWorker[] seen = new QueueWorker[1];
        runner.withUserConfiguration(OwnWorkerWithoutJobBeans.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(QueueWorkerLifecycle.class);
            seen[0] = context.getBean(QueueWorker.class);
            assertThat(seen[0].isRunning()).isTrue();
        });
        assertThat(seen[0].isRunning()).as("closed with the context").isFalse();
    }

    @Test
    void theWorkerCanBeTurnedOff() {
        runner.withUserConfiguration(AnnotatedJob.class)
                .withPropertyValues("backgroundjobs.worker.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(QueueWorker.class);
                    assertThat(context).hasSingleBean(SpringQueueJobClient.class);
                });
    }

    @Test
    void theRepositoryAndTheClientGetThePoolBehindATransactionAwareProxy() {
        runner.withUserConfiguration(ProxiedDataSource.class).run(context -> {
            assertThat(context).hasNotFailed();
            SpringQueueJobClient<?> client = context.getBean(SpringQueueJobClient.class);
            assertThat(client.dataSource()).containsSame(context.getBean(ProxiedDataSource.class).pool);
        });
    }

    @Test
    void withAMeterRegistryTheWorkerReportsToIt() {
        runner.withUserConfiguration(AnnotatedJob.class, Registry.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(BackgroundJobsMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.find(BackgroundJobsMetrics.RUNNING).gauge()).isNotNull();
            assertThat(registry.find(BackgroundJobsMetrics.QUEUE_LENGTH)
                            .tag("queue", GreetingJob.QUEUE)
                            .gauge())
                    .isNotNull();
        });
    }

    @Test
    void insideATransactionOfAnotherDatabaseQueueingIsRefusedAndWritesNothing() {
        runner.withUserConfiguration(AnnotatedJob.class).run(context -> {
            assertThat(context).hasNotFailed();
            JdbcDataSource other = new JdbcDataSource();
            other.setURL(StarterContexts.newH2Url("other"));
            TransactionTemplate otherTransaction = new TransactionTemplate(new DataSourceTransactionManager(other));
            SpringQueueJobClient<Long> jobs = ApplicationContextTestBase.jobs(context.getSourceApplicationContext());
            JobQueue queue = context.getBean(JobQueue.class);
            AtomicInteger sends = new AtomicInteger();

            try (Registration listening = queue.addSendListener(name -> sends.incrementAndGet())) {
                assertThatThrownBy(() -> otherTransaction.executeWithoutResult(status ->
                                jobs.queueJob(GreetingJob.QUEUE, "alice", new GreetingJob.Greeting("elsewhere"))))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("holds no connection of the job repository's DataSource");
            }

            assertThat(sends).hasValue(0);
            JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM background_jobs", Integer.class))
                    .isZero();
        });
    }

    @Test
    void anEndpointSignsInWithDefaultAzureCredentialWhenAzureIdentityIsThere() {
        String[] endpoint = {
            "backgroundjobs.queue.type=azure",
            "backgroundjobs.queue.azure.endpoint=https://127.0.0.1:9/devstoreaccount1"
        };
        runner.withPropertyValues(endpoint).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(JobQueue.class)).isInstanceOf(AzureStorageJobQueue.class);
        });
        runner.withPropertyValues(endpoint)
                .withClassLoader(new FilteredClassLoader("com.azure.identity"))
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("backgroundjobs.queue.azure.endpoint")
                        .contains("com.azure:azure-identity"));
    }

    private void assertStartFails(String property, String... expected) {
        runner.withPropertyValues(property)
                .run(context -> assertThat(StarterContexts.failure(context)).contains(expected));
    }

    @Configuration(proxyBeanMethods = false)
    static class AnnotatedJob {
        @Bean
        GreetingJob greetingJob(JobRepositoryBase<Long> repository) {
            return new GreetingJob(repository);
        }
    }

    /** What the customizers saw, in the order they ran. */
    static final class Calls {
        final List<String> names = new CopyOnWriteArrayList<>();
    }

    @Configuration(proxyBeanMethods = false)
    static class OrderedCustomizers {
        @Bean
        Calls calls() {
            return new Calls();
        }

        // Declared before the first on purpose: the order comes from @Order, not from declaration.
        @Bean
        @Order(2)
        QueueWorkerCustomizer secondCustomizer(Calls calls) {
            return worker -> {
                calls.names.add("second");
                worker.name("second-name");
            };
        }

        @Bean
        @Order(1)
        QueueWorkerCustomizer firstCustomizer(Calls calls, JobRepositoryBase<Long> repository) {
            return worker -> {
                calls.names.add("first");
                worker.name("first-name");
                worker.job("extra", new PlainJob(repository));
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class RebindingCustomizer {
        @Bean
        QueueWorkerCustomizer rebinding(JobRepositoryBase<Long> repository) {
            return worker -> worker.job(GreetingJob.QUEUE, new PlainJob(repository));
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
    static class OwnBeans {
        @Bean
        InMemoryJobRepository<Long> ownRepository() {
            return InMemoryJobRepository.withLongKeys();
        }

        @Bean
        InMemoryJobQueue ownQueue() {
            return new InMemoryJobQueue();
        }

        @Bean
        QueueJobClient<Long> ownClient(InMemoryJobRepository<Long> ownRepository, InMemoryJobQueue ownQueue) {
            return QueueJobClient.builder(ownRepository, ownQueue).build();
        }

        @Bean
        QueueWorker ownWorker(InMemoryJobQueue ownQueue, GreetingJob greetingJob) {
            return QueueWorker.builder(ownQueue)
                    .job("own-greetings", greetingJob)
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnWorkerWithoutJobBeans {
        @Bean
        QueueWorker ownWorker(JobRepositoryBase<Long> repository, JobQueue queue) {
            return QueueWorker.builder(queue)
                    .job("own-greetings", new GreetingJob(repository))
                    .build();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ProxiedDataSource {
        final JdbcDataSource pool = new JdbcDataSource();

        ProxiedDataSource() {
            pool.setURL(StarterContexts.newH2Url("proxied"));
        }

        @Bean
        DataSource dataSource() {
            return new TransactionAwareDataSourceProxy(pool);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }
}
