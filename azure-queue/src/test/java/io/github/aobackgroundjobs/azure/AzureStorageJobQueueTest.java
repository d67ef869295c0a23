package io.github.aobackgroundjobs.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Azure specifics of the queue; the shared JobQueue contract runs in {@link AzureJobQueueContractTest}. */
class AzureStorageJobQueueTest {

    private final Azurite azurite = Azurite.shared();
    private final AzureStorageJobQueue queue = AzureStorageJobQueue.fromConnectionString(azurite.connectionString());
    private final String name = Azurite.randomQueueName("ajq");

    @Test
    void sendsTheTextAsIsSoTheFunctionsHostSeesBase64OfTheJsonId() {
        String text = new JobMessageCodec<>(JobKeyType.LONG).encode(42L);
        queue.send(name, text, Duration.ZERO);

        var raw = queue.manager().queue(name).receiveMessage();
        assertThat(raw.getBody().toString()).isEqualTo(text).isEqualTo("NDI=");
    }

    @Test
    void textAMessageCannotCarryIsRefusedAsBadInputBeforeAnyRequest() {
        // Characters XML 1.0 cannot hold: the service would refuse them as a transport failure.
        for (String text : List.of("a\u0001b", "a\uFFFEb", "a\uD83Db", "\uDE00")) {
            assertThatThrownBy(() -> queue.send(name, text, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("'text' holds");
        }
        // The limit is of UTF-8 bytes: 65,536 ASCII characters fit, as many two-byte ones do not.
        assertThatThrownBy(() -> queue.send(name, "\u00e9".repeat(40_000), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'text' is 80000 bytes in UTF-8; at most 65536 fit in an Azure queue message.");
        assertThat(queue.approximateLength(name)).hasValue(0);

        queue.send(name, "a".repeat(65_536), Duration.ZERO);
        queue.send(name, "tab\tline\nreturn\r emoji \uD83D\uDE00 \u4e2d", Duration.ZERO);
        assertThat(queue.receive(name, 2, Duration.ofSeconds(30)))
                .extracting(QueueMessage::text)
                .containsExactly("a".repeat(65_536), "tab\tline\nreturn\r emoji \uD83D\uDE00 \u4e2d");
    }

    @Test
    void aMissingQueueIsReportedAsItIsWhereQueuesAreProvisioned() {
        AzureStorageJobQueue provisioned = QueueManager.builder()
                .connectionString(azurite.connectionString())
                .createQueues(false)
                .build()
                .jobQueue();
        assertThatThrownBy(() -> provisioned.send(name, "hello", Duration.ZERO))
                .isInstanceOf(AzureQueueRequestException.class)
                .hasMessageContaining("QueueNotFound");
        // Not created behind the provisioning's back: the next call finds it missing still.
        assertThatThrownBy(() -> provisioned.send(name, "again", Duration.ZERO))
                .isInstanceOf(AzureQueueRequestException.class)
                .hasMessageContaining("QueueNotFound");
    }

    @Test
    void receivesABatchOfAtMost32WithDequeueCountsAndTimes() {
        for (int i = 0; i < 40; i++) {
            queue.send(name, "m" + i, Duration.ZERO);
        }
        List<QueueMessage> batch = queue.receive(name, 32, Duration.ofSeconds(30));

        assertThat(batch).hasSize(32);
        assertThat(batch).allSatisfy(m -> {
            assertThat(m.dequeueCount()).isEqualTo(1);
            assertThat(m.insertedAt()).isNotNull();
            assertThat(m.nextVisibleAt()).isAfter(m.insertedAt());
        });
        assertThat(queue.receive(name, 32, Duration.ofSeconds(30))).hasSize(8);
        assertThat(queue.approximateLength(name)).hasValue(40);
        assertThatThrownBy(() -> queue.receive(name, 33, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxMessages'");
    }

    @Test
    void updatingVisibilityIssuesANewReceiptAndTheOldOneGoesStale() {
        queue.send(name, "hello", Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, Duration.ofSeconds(30)).get(0);

        QueueMessage renewed = queue.updateVisibility(name, received, Duration.ofSeconds(60));

        assertThat(renewed.popReceipt()).isNotEqualTo(received.popReceipt());
        assertThat(renewed.text()).isEqualTo("hello");
        assertThat(renewed.nextVisibleAt()).isAfter(received.nextVisibleAt());
        assertThatThrownBy(() -> queue.delete(name, received))
                .isInstanceOf(MessageReceiptExpiredException.class)
                .hasMessageContaining(received.messageId());
        assertThatThrownBy(() -> queue.updateVisibility(name, received, Duration.ZERO))
                .isInstanceOf(MessageReceiptExpiredException.class);
        queue.delete(name, renewed);
        assertThatThrownBy(() -> queue.delete(name, renewed)).isInstanceOf(MessageReceiptExpiredException.class);
    }

    @Test
    void aMessageReceivedAgainByAnotherReceiverInvalidatesTheFirstReceipt() {
        queue.send(name, "again", Duration.ZERO);
        QueueMessage first = queue.receive(name, 1, Duration.ofSeconds(1)).get(0);

        List<QueueMessage> second = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> second.addAll(queue.receive(name, 1, Duration.ofSeconds(30))));

        assertThat(second.get(0).dequeueCount()).isEqualTo(2);
        assertThatThrownBy(() -> queue.delete(name, first)).isInstanceOf(MessageReceiptExpiredException.class);
        queue.delete(name, second.get(0));
    }

    @Test
    void anInitialDelayHidesTheMessageAndIsRoundedUpToWholeSeconds() {
        queue.send(name, "later", Duration.ofMillis(1500));
        assertThat(queue.receive(name, 1, Duration.ofSeconds(30))).isEmpty();
        List<QueueMessage> got = new ArrayList<>();
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> got.addAll(queue.receive(name, 1, Duration.ofSeconds(30))));
        // Azure counts in seconds: 1.5 s becomes 2 s, never 1 s.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1500));
        assertThat(got.get(0).text()).isEqualTo("later");
    }

    @Test
    void deadLetterCopiesTheTextByteIdenticalToThePoisonQueue() {
        String junk = "not base64 \u00e9\u4e2d {\"x\":1}\n\t";
        queue.send(name, junk, Duration.ZERO);
        QueueMessage message = queue.receive(name, 1, Duration.ofSeconds(30)).get(0);

        queue.deadLetter(name, message);

        assertThat(queue.approximateLength(name)).hasValue(0);
        List<QueueMessage> poisoned = queue.receive(queue.poisonQueueName(name), 32, Duration.ofSeconds(30));
        assertThat(poisoned).singleElement().extracting(QueueMessage::text).isEqualTo(junk);
        assertThat(queue.poisonQueueName(name)).isEqualTo(name + "-poison");
    }

    @Test
    void acceptsA64KiBMessageAndRejectsALargerOneBeforeSending() {
        String big = "x".repeat(AzureStorageJobQueue.MAX_MESSAGE_LENGTH);
        queue.send(name, big, Duration.ZERO);
        assertThat(queue.receive(name, 1, Duration.ofSeconds(30)).get(0).text()).isEqualTo(big);
        assertThatThrownBy(() -> queue.send(name, big + "x", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'text'");
    }

    @Test
    void aQueueDeletedBehindTheManagersBackIsCreatedAgainOnSend() {
        queue.send(name, "one", Duration.ZERO);
        queue.manager().serviceClient().deleteQueue(name);

        queue.send(name, "two", Duration.ZERO);

        assertThat(queue.receive(name, 32, Duration.ofSeconds(30)))
                .extracting(QueueMessage::text)
                .containsExactly("two");
    }

    @Test
    void sendListenersHearEverySendUntilRemoved() {
        List<String> heard = new CopyOnWriteArrayList<>();
        Registration registration = queue.addSendListener(heard::add);
        queue.send(name, "a", Duration.ZERO);
        registration.close();
        queue.send(name, "b", Duration.ZERO);
        assertThat(heard).containsExactly(name);
    }

    @Test
    void aSendListenerThatThrowsAnErrorDoesNotFailTheSendNorStopTheOthers() {
        List<String> heard = new CopyOnWriteArrayList<>();
        queue.addSendListener(queueName -> {
            throw new NoClassDefFoundError("com/example/Missing");
        });
        queue.addSendListener(heard::add);

        String id = queue.send(name, "a", Duration.ZERO);

        assertThat(id).isNotBlank();
        assertThat(heard).containsExactly(name);
        assertThat(queue.approximateLength(name)).hasValue(1);
    }

    @Test
    void anUnreachableServiceFailsEachCallWithinSecondsAndTheQueueWorksAgainAfterARestart() {
        try (Azurite own = Azurite.builder()
                .mode(Azurite.Mode.NPM)
                .services(Azurite.Service.QUEUE)
                .build()) {
            AzureStorageJobQueue q = AzureStorageJobQueue.fromConnectionString(own.connectionString());
            q.send(name, "before", Duration.ZERO);
            QueueMessage received = q.receive(name, 1, Duration.ofSeconds(30)).get(0);
            own.stop();

            for (Runnable call : List.<Runnable>of(
                    () -> q.send(name, "x", Duration.ZERO),
                    () -> q.receive(name, 1, Duration.ofSeconds(1)),
                    () -> q.updateVisibility(name, received, Duration.ofSeconds(1)),
                    () -> q.delete(name, received),
                    () -> q.approximateLength(name))) {
                long start = System.nanoTime();
                assertThatThrownBy(call::run)
                        .isInstanceOf(JobQueueUnavailableException.class)
                        .hasMessageContaining(name);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            }

            own.start();
            // In-memory Azurite lost the queue: the send creates it again.
            q.send(name, "after", Duration.ZERO);
            assertThat(q.receive(name, 32, Duration.ofSeconds(30)))
                    .extracting(QueueMessage::text)
                    .containsExactly("after");
        }
    }
}
