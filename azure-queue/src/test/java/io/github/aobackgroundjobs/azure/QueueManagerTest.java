package io.github.aobackgroundjobs.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClientBuilder;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueueManagerTest {

    /** The original's subclass with a named property per queue. */
    static final class AppQueues extends QueueManager {
        AppQueues(QueueManager manager) {
            super(manager);
        }

        QueueClient zipBuilder() {
            return queue(name);
        }

        static String name;
    }

    private final Azurite azurite = Azurite.shared();

    @Test
    void createsTheQueueAndItsPoisonQueueOnFirstUseAndCachesTheClient() {
        QueueManager manager = QueueManager.fromConnectionString(azurite.connectionString());
        String name = Azurite.randomQueueName("mgr");

        QueueClient first = manager.queue(name);
        QueueClient second = manager.queue(name);

        assertThat(second).isSameAs(first);
        assertThat(existing(manager, name, name + "-poison", name + "-poison-poison"))
                .containsExactlyInAnyOrder(name, name + "-poison");
        assertThat(manager.poisonQueue(name).getQueueName()).isEqualTo(name + "-poison");
    }

    @Test
    void typedAccessorsOfASubclassShareTheClients() {
        QueueManager manager = QueueManager.fromConnectionString(azurite.connectionString());
        AppQueues.name = Azurite.randomQueueName("zip-builder");
        AppQueues queues = new AppQueues(manager);

        assertThat(queues.zipBuilder()).isSameAs(manager.queue(AppQueues.name));
        assertThat(queues.jobQueue()).isSameAs(manager.jobQueue());
        queues.zipBuilder().sendMessage("hello");
        assertThat(manager.queue(AppQueues.name).receiveMessage().getBody().toString())
                .isEqualTo("hello");
    }

    @Test
    void concurrentFirstUseGivesOneClientAndNoError() throws Exception {
        QueueManager manager = QueueManager.fromConnectionString(azurite.connectionString());
        String name = Azurite.randomQueueName("conc");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            Set<QueueClient> seen = ConcurrentHashMap.newKeySet();
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                futures.add(pool.submit(() -> seen.add(manager.queue(name))));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(seen).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void wrapsAPrebuiltServiceClient() {
        var client = new QueueServiceClientBuilder()
                .connectionString(azurite.connectionString())
                .buildClient();
        QueueManager manager = new QueueManager(client);
        String name = Azurite.randomQueueName("pre");

        assertThat(manager.serviceClient()).isSameAs(client);
        manager.queue(name).sendMessage("x");
        assertThat(existing(manager, name, name + "-poison")).containsExactlyInAnyOrder(name, name + "-poison");
    }

    @Test
    void refusesAClientThatEncodesMessagesItself() {
        var client = new QueueServiceClientBuilder()
                .connectionString(azurite.connectionString())
                .messageEncoding(QueueMessageEncoding.BASE64)
                .buildClient();
        assertThatThrownBy(() -> new QueueManager(client))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("QueueMessageEncoding.NONE");
    }

    @Test
    void validatesQueueNamesBeforeAnyCall() {
        QueueManager manager = QueueManager.fromConnectionString(azurite.connectionString());
        for (String bad : new String[] {"ab", "Upper", "a--b", "-ab", "ab-", "a_b", "x".repeat(64)}) {
            assertThatThrownBy(() -> manager.queue(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'queueName'");
        }
        assertThatThrownBy(() -> manager.queue("x".repeat(57)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("poison");
    }

    @Test
    void buildsFromAnEndpointAndATokenCredentialWithoutAzureIdentity() {
        com.azure.core.credential.TokenCredential credential =
                request -> reactor.core.publisher.Mono.just(new com.azure.core.credential.AccessToken(
                        "token", java.time.OffsetDateTime.now().plusHours(1)));
        QueueManager manager = QueueManager.builder()
                .endpoint("https://myaccount.queue.core.windows.net")
                .credential(credential)
                .createQueues(false)
                .build();

        assertThat(manager.serviceClient().getAccountName()).isEqualTo("myaccount");
        // No call is made: with createQueues(false) a client is handed out without touching the service.
        assertThat(manager.queue("zip-builder").getQueueUrl())
                .isEqualTo("https://myaccount.queue.core.windows.net/zip-builder");
    }

    @Test
    void builderRequiresExactlyOneWayToReachTheService() {
        assertThatThrownBy(() -> QueueManager.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QueueManager.builder()
                        .connectionString(azurite.connectionString())
                        .endpoint("http://127.0.0.1:1/devstoreaccount1")
                        .build())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> QueueManager.builder()
                        .endpoint("http://127.0.0.1:1/devstoreaccount1")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("credential");
        assertThatThrownBy(() -> QueueManager.builder().connectionString(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'connectionString'");
        assertThatThrownBy(() -> QueueManager.builder().maxTries(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxTries'");
        assertThatThrownBy(() -> QueueManager.builder().tryTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tryTimeout'");
    }

    @Test
    void anUnreachableServiceFailsFirstUseQuicklyAndCreationIsRetriedLater() {
        try (Azurite own = Azurite.builder()
                .mode(Azurite.Mode.NPM)
                .services(Azurite.Service.QUEUE)
                .build()) {
            QueueManager manager = QueueManager.fromConnectionString(own.connectionString());
            String name = Azurite.randomQueueName("down");
            own.stop();

            long start = System.nanoTime();
            assertThatThrownBy(() -> manager.queue(name))
                    .isInstanceOf(JobQueueUnavailableException.class)
                    .hasMessageContaining(name);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));

            own.start();
            manager.queue(name).sendMessage("after");
            assertThat(existing(manager, name, name + "-poison")).containsExactlyInAnyOrder(name, name + "-poison");
        }
    }

    /** Asks the service itself (not the manager's cache) which of the names exist. */
    private static Set<String> existing(QueueManager manager, String... names) {
        Set<String> found = new java.util.HashSet<>();
        for (String name : names) {
            try {
                manager.serviceClient().getQueueClient(name).getProperties();
                found.add(name);
            } catch (com.azure.storage.queue.models.QueueStorageException e) {
                assertThat(e.getStatusCode()).isEqualTo(404);
            }
        }
        return found;
    }
}
