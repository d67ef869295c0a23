package io.github.aobackgroundjobs.azure.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.queue.models.PeekedMessageItem;
import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.FunctionsJobHandler;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.SimulatedExecutionContext;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/azure-functions.md, "Queues" (and the Azure count of docs/metrics.md): what the queue service does with messages. */
class QueueServiceDocumentedTest {

    private final Azurite azurite = Azurite.shared();
    private final QueueManager manager = QueueManager.fromConnectionString(azurite.connectionString());
    private final AzureStorageJobQueue queue = manager.jobQueue();

    @Test
    void messagesNeverExpire() {
        String name = Azurite.randomQueueName("forever");
        queue.send(name, "x", Duration.ZERO);
        PeekedMessageItem peeked = manager.queue(name).peekMessage();
        assertThat(peeked.getBody().toString()).isEqualTo("x");
        assertThat(peeked.getExpirationTime().getYear())
                .as("a message with no time to live")
                .isEqualTo(9999);
    }

    @Test
    void theApproximateLengthCountsVisibleDelayedAndInFlightMessages() {
        String name = Azurite.randomQueueName("length");
        queue.send(name, "visible", Duration.ZERO);
        queue.send(name, "in flight", Duration.ZERO);
        queue.send(name, "delayed", Duration.ofMinutes(5));
        assertThat(queue.receive(name, 1, Duration.ofMinutes(5))).hasSize(1);
        assertThat(queue.approximateLength(name)).hasValue(3);
    }

    @Test
    void aMessageAlreadyGoneIsMessageReceiptExpiredException() {
        String name = Azurite.randomQueueName("gone");
        queue.send(name, "x", Duration.ZERO);
        QueueMessage message = queue.receive(name, 1, Duration.ofMinutes(1)).get(0);
        queue.delete(name, message);
        assertThatThrownBy(() -> queue.delete(name, message)).isInstanceOf(MessageReceiptExpiredException.class);
        assertThatThrownBy(() -> queue.updateVisibility(name, message, Duration.ofSeconds(30)))
                .isInstanceOf(MessageReceiptExpiredException.class);
    }

    @Test
    void underFunctionsTheHandlersOwnSendsThrowJobQueueAccessDeniedExceptionWithRefusedCredentials() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        String name = Azurite.randomQueueName("deniedsends");
        long id = QueueJobClient.builder(repository, queue).build().queueJob(name, "ada", new HelloJob.Request("Ada"));
        String wrongKey = Base64.getEncoder()
                .encodeToString("a key of the right shape but not the account's one, 64 bytes.!!"
                        .getBytes(StandardCharsets.US_ASCII));
        AzureStorageJobQueue denied = AzureStorageJobQueue.fromConnectionString(
                azurite.connectionString().replace(Azurite.ACCOUNT_KEY, wrongKey));
        FunctionsJobHandler<Long> handler = FunctionsJobHandler.builder(new HelloJob(repository), denied, name)
                .build();

        for (String poison : List.of("not an id", "987654321")) {
            assertThatThrownBy(() -> handler.run(poison, new SimulatedExecutionContext("Greetings")))
                    .as(poison)
                    .isInstanceOf(JobQueueAccessDeniedException.class)
                    .hasMessageContaining(name)
                    .hasMessageContaining("storage account '" + Azurite.ACCOUNT + "'");
        }
        assertThat(queue.approximateLength(queue.poisonQueueName(name))).hasValue(0);
        // A job that runs needs no send: the host deletes its message.
        handler.run(Long.toString(id), new SimulatedExecutionContext("Greetings"));
        assertThat(repository.getJob(id).getStatus().name()).isEqualTo("SUCCEEDED");
    }
}
