package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.spi.JobQueue;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The test application on H2 with its queue on Azurite, given by connection string. */
class AzuriteApplicationContextTest extends ApplicationContextTestBase {

    private static Azurite azurite;

    @BeforeAll
    static void startApplication() {
        azurite = Azurite.builder().services(Azurite.Service.QUEUE).build();
        start(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:starter_azurite_" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1",
                "backgroundjobs.queue.type",
                "azure",
                "backgroundjobs.queue.azure.connection-string",
                azurite.connectionString()));
    }

    @AfterAll
    static void stopAzurite() {
        stop();
        if (azurite != null) {
            azurite.close();
        }
    }

    @Test
    void theQueueIsAzureStorage() {
        assertThat(context.getBean(JobQueue.class)).isInstanceOf(AzureStorageJobQueue.class);
        assertThat(context.getBean(JobQueue.class).isDurable()).isTrue();
    }
}
