package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code UUID} job keys: by property on the starter's repository, or from the application's own repository. */
class UuidKeysTest {

    private final ApplicationContextRunner runner = StarterContexts.runner("uuid_keys");

    @Test
    void keyTypeUuidKeysTheStartersRepositoryClientAndJobsWithUuids() {
        runner.withUserConfiguration(UuidJobConfig.class)
                .withPropertyValues("backgroundjobs.jdbc.key-type=uuid")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(JdbiJobRepository.class).keyType())
                            .isSameAs(JobKeyType.UUID);
                    SpringQueueJobClient<UUID> client = springClient(context);

                    UUID id = client.queueJob(EchoJob.QUEUE, "alice", new EchoJob.Echo("hi"));

                    BackgroundJobInfo<UUID> done = client.client().awaitCompletion(id, Duration.ofSeconds(20));
                    assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
                    assertThat(done.getId()).isEqualTo(id);
                    assertThat(done.getUserName()).isEqualTo("alice");
                });
    }

    @Test
    void keyTypeLongIsTheDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(JdbiJobRepository.class).keyType()).isSameAs(JobKeyType.LONG);
        });
    }

    @Test
    void theApplicationsOwnUuidRepositoryGetsTheStartersClientAndWorker() {
        runner.withUserConfiguration(OwnUuidRepository.class, UuidJobConfig.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(JdbiJobRepository.class);
                    QueueJobClient<?> client = context.getBean(QueueJobClient.class);
                    assertThat(client.repository()).isSameAs(context.getBean("ownRepository"));
                    SpringQueueJobClient<UUID> spring = springClient(context);

                    UUID id = spring.queueJob(EchoJob.QUEUE, "bob", new EchoJob.Echo("there"));

                    assertThat(spring.client()
                                    .awaitCompletion(id, Duration.ofSeconds(20))
                                    .getStatus())
                            .isEqualTo(JobStatus.SUCCEEDED);
                });
    }

    @Test
    void aTableMadeForLongKeysFailsAStartWithUuidKeys() {
        String url = StarterContexts.newH2Url("uuid_keys");
        runner.withPropertyValues("spring.datasource.url=" + url)
                .run(context -> assertThat(context).hasNotFailed());
        runner.withPropertyValues("spring.datasource.url=" + url, "backgroundjobs.jdbc.key-type=uuid")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).hasRootCauseInstanceOf(IllegalStateException.class);
                });
    }

    @Test
    void aWrongKeyTypeFailsTheStartNamingTheProperty() {
        runner.withPropertyValues("backgroundjobs.jdbc.key-type=int")
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("backgroundjobs.jdbc.key-type")
                        .contains("int"));
        // With a job bean that needs the repository too: the property is named, not the job bean.
        runner.withUserConfiguration(LongJobConfig.class)
                .withPropertyValues("backgroundjobs.jdbc.key-type=int")
                .run(context -> assertThat(StarterContexts.failure(context))
                        .contains("Failed to bind properties under 'backgroundjobs.jdbc.key-type'"));
    }

    /** The client as an application's bean receives it: injected by its generic type. */
    private static SpringQueueJobClient<UUID> springClient(AssertableApplicationContext context) {
        return context.getBean(UuidJobConfig.Sender.class).jobs();
    }

    /** A job keyed by {@code UUID}: echoes its text. */
    @BackgroundJob(queue = EchoJob.QUEUE)
    static class EchoJob extends BackgroundJobBase<UUID, EchoJob.Echo, EchoJob.Echo> {
        static final String QUEUE = "echoes";

        /** @param text what to echo */
        record Echo(String text) {}

        EchoJob(JobRepositoryBase<UUID> repository) {
            super(repository, Echo.class, Echo.class);
        }

        @Override
        protected Echo onExecute(Echo request, JobContext<UUID> context) {
            return request;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UuidJobConfig {
        @Bean
        EchoJob echoJob(JobRepositoryBase<UUID> repository) {
            return new EchoJob(repository);
        }

        @Bean
        Sender sender(SpringQueueJobClient<UUID> jobs, QueueJobClient<UUID> client) {
            assertThat(jobs.client()).isSameAs(client);
            return new Sender(jobs);
        }

        /** An application bean that queues jobs. */
        record Sender(SpringQueueJobClient<UUID> jobs) {}
    }

    @Configuration(proxyBeanMethods = false)
    static class LongJobConfig {
        @Bean
        GreetingJob greetingJob(JobRepositoryBase<Long> repository) {
            return new GreetingJob(repository);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnUuidRepository {
        @Bean
        InMemoryJobRepository<UUID> ownRepository() {
            return InMemoryJobRepository.withUuidKeys();
        }
    }
}
