package io.github.aobackgroundjobs.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link JobQueue}: Azure Storage Queue semantics. Extend it, return the queue
 * under test from {@link #createQueue()} and let {@link #waitFor(Duration)} pass time: advance
 * a settable clock for an in-memory queue, sleep for a real one. The time-dependent cases use
 * visibility timeouts of one or two seconds, so a run against Azurite or Azure stays quick.
 *
 * <p>Each test works on queues of its own with random names, so one queue instance (or one
 * storage account) may serve every test.
 */
public abstract class JobQueueContractTest {

    /** A visibility timeout long enough that a message stays hidden across a few calls. */
    protected static final Duration HIDDEN = Duration.ofSeconds(2);

    /** The queue under test. */
    protected JobQueue queue;

    private final List<String> queuesUsed = new ArrayList<>();

    /**
     * Creates the queue under test.
     *
     * @return the queue
     */
    protected abstract JobQueue createQueue();

    /**
     * Lets time pass for the queue: at least {@code duration} must have gone by for it when
     * this returns.
     *
     * @param duration how long
     */
    protected abstract void waitFor(Duration duration);

    /**
     * Removes the queues a test used (for a real account). The default does nothing.
     *
     * @param queue the queue under test
     * @param queueNames every queue name the test used, poison queues included
     */
    protected void cleanUp(JobQueue queue, List<String> queueNames) {}

    /**
     * Whether a single producer's messages come back in the order sent. True by default
     * (Azurite and the in-memory queue keep it); Azure itself promises no order.
     *
     * @return true to check the order
     */
    protected boolean keepsOrder() {
        return true;
    }

    @BeforeEach
    void createQueueUnderTest() {
        queue = createQueue();
    }

    @AfterEach
    void cleanUpQueues() {
        cleanUp(queue, List.copyOf(queuesUsed));
    }

    /**
     * A fresh queue name, remembered for {@link #cleanUp}.
     *
     * @return a valid, unused queue name
     */
    protected String newQueueName() {
        String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
        queuesUsed.add(name);
        queuesUsed.add(queue.poisonQueueName(name));
        return name;
    }

    @Test
    void sendReceiveAndDelete() {
        String name = newQueueName();
        String id = queue.send(name, "hello", Duration.ZERO);

        List<QueueMessage> received = queue.receive(name, 1, HIDDEN);

        assertThat(received).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(id);
            assertThat(m.text()).isEqualTo("hello");
            assertThat(m.dequeueCount()).isEqualTo(1);
            assertThat(m.popReceipt()).isNotBlank();
        });
        queue.delete(name, received.get(0));
        assertThat(queue.approximateLength(name)).hasValue(0);
        waitFor(HIDDEN.plusMillis(500));
        assertThat(queue.receive(name, 32, HIDDEN)).isEmpty();
    }

    @Test
    void receiveFromAQueueNeverSentToIsEmpty() {
        assertThat(queue.receive(newQueueName(), 32, HIDDEN)).isEmpty();
    }

    @Test
    void aReceivedMessageIsHiddenUntilItsVisibilityTimeoutThenComesBackCountedAgain() {
        String name = newQueueName();
        queue.send(name, "again", Duration.ZERO);
        QueueMessage first = queue.receive(name, 1, HIDDEN).get(0);

        assertThat(queue.receive(name, 32, HIDDEN)).isEmpty();
        waitFor(HIDDEN.plusMillis(500));
        List<QueueMessage> second = queue.receive(name, 32, HIDDEN);

        assertThat(second).singleElement().satisfies(m -> {
            assertThat(m.messageId()).isEqualTo(first.messageId());
            assertThat(m.text()).isEqualTo("again");
            assertThat(m.dequeueCount()).isEqualTo(2);
            assertThat(m.popReceipt()).isNotEqualTo(first.popReceipt());
        });
    }

    @Test
    void anInitialDelayHidesTheMessageUntilItPasses() {
        String name = newQueueName();
        queue.send(name, "later", Duration.ofSeconds(2));

        assertThat(queue.receive(name, 32, HIDDEN)).isEmpty();
        assertThat(queue.approximateLength(name)).hasValue(1);
        waitFor(Duration.ofMillis(2_500));
        assertThat(queue.receive(name, 32, HIDDEN))
                .singleElement()
                .satisfies(m -> assertThat(m.dequeueCount()).isEqualTo(1));
    }

    @Test
    void aReceiptGoesStaleOnceTheMessageIsReceivedAgain() {
        String name = newQueueName();
        queue.send(name, "stale", Duration.ZERO);
        QueueMessage first = queue.receive(name, 1, Duration.ofSeconds(1)).get(0);
        waitFor(Duration.ofMillis(1_500));
        QueueMessage second = queue.receive(name, 1, HIDDEN).get(0);

        assertThatThrownBy(() -> queue.delete(name, first)).isInstanceOf(MessageReceiptExpiredException.class);
        assertThatThrownBy(() -> queue.updateVisibility(name, first, HIDDEN))
                .isInstanceOf(MessageReceiptExpiredException.class);
        queue.delete(name, second);
        assertThat(queue.approximateLength(name)).hasValue(0);
    }

    @Test
    void updateVisibilityIssuesANewReceiptAndTheOldOneGoesStale() {
        String name = newQueueName();
        queue.send(name, "update", Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, Duration.ofSeconds(1)).get(0);

        QueueMessage updated = queue.updateVisibility(name, received, Duration.ofSeconds(30));

        assertThat(updated.messageId()).isEqualTo(received.messageId());
        assertThat(updated.text()).isEqualTo("update");
        assertThat(updated.popReceipt()).isNotEqualTo(received.popReceipt());
        waitFor(Duration.ofMillis(1_500));
        assertThat(queue.receive(name, 32, HIDDEN)).isEmpty();
        assertThatThrownBy(() -> queue.delete(name, received)).isInstanceOf(MessageReceiptExpiredException.class);
        queue.delete(name, updated);
        assertThat(queue.approximateLength(name)).hasValue(0);
    }

    @Test
    void updateVisibilityToZeroMakesTheMessageVisibleAtOnce() {
        String name = newQueueName();
        queue.send(name, "now", Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, Duration.ofSeconds(30)).get(0);

        queue.updateVisibility(name, received, Duration.ZERO);

        assertThat(queue.receive(name, 1, HIDDEN))
                .singleElement()
                .satisfies(m -> assertThat(m.dequeueCount()).isEqualTo(2));
    }

    @Test
    void deleteOfADeletedMessageFailsAsStale() {
        String name = newQueueName();
        queue.send(name, "once", Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, HIDDEN).get(0);
        queue.delete(name, received);

        assertThatThrownBy(() -> queue.delete(name, received)).isInstanceOf(MessageReceiptExpiredException.class);
    }

    @Test
    void aBatchHoldsAtMost32Messages() {
        String name = newQueueName();
        for (int i = 0; i < 40; i++) {
            queue.send(name, "m" + i, Duration.ZERO);
        }

        List<QueueMessage> batch = queue.receive(name, 32, HIDDEN);
        List<QueueMessage> rest = queue.receive(name, 32, HIDDEN);

        assertThat(batch).hasSize(32);
        assertThat(rest).hasSize(8);
        assertThat(queue.approximateLength(name)).hasValue(40);
        assertThatThrownBy(() -> queue.receive(name, 33, HIDDEN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.receive(name, 0, HIDDEN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSingleProducersMessagesComeBackInOrder() {
        String name = newQueueName();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sent.add("order-" + i);
            queue.send(name, "order-" + i, Duration.ZERO);
        }

        List<String> received = new ArrayList<>();
        for (QueueMessage m : queue.receive(name, 32, HIDDEN)) {
            received.add(m.text());
        }

        if (keepsOrder()) {
            assertThat(received).containsExactlyElementsOf(sent);
        } else {
            assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void concurrentReceiversGetEachMessageOnce() {
        String name = newQueueName();
        int messages = 20;
        for (int i = 0; i < messages; i++) {
            queue.send(name, "m" + i, Duration.ZERO);
        }
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();

        ConcurrentRunner.run(4, Duration.ofSeconds(60), worker -> {
            for (int round = 0; round < messages; round++) {
                List<QueueMessage> batch = queue.receive(name, 3, Duration.ofSeconds(60));
                if (batch.isEmpty()) {
                    return;
                }
                for (QueueMessage m : batch) {
                    received.computeIfAbsent(m.text(), k -> new AtomicInteger()).incrementAndGet();
                    queue.delete(name, m);
                }
            }
        });

        assertThat(received).hasSize(messages);
        assertThat(received.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(queue.approximateLength(name)).hasValue(0);
    }

    @Test
    void deadLetterCopiesTheTextUnchangedToThePoisonQueue() {
        String name = newQueueName();
        String text = "not-an-id \u00e9\u00e8 \"quoted\" <tag> & \ud83d\ude80";
        queue.send(name, text, Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, Duration.ofSeconds(1)).get(0);

        queue.deadLetter(name, received);

        String poison = queue.poisonQueueName(name);
        assertThat(poison).isEqualTo(name + "-poison");
        List<QueueMessage> poisoned = queue.receive(poison, 32, HIDDEN);
        assertThat(poisoned)
                .singleElement()
                .satisfies(m -> assertThat(m.text().getBytes(StandardCharsets.UTF_8))
                        .isEqualTo(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(queue.approximateLength(name)).hasValue(0);
        waitFor(Duration.ofMillis(1_500));
        assertThat(queue.receive(name, 32, HIDDEN)).isEmpty();
    }

    @Test
    void approximateLengthCountsVisibleAndHiddenMessages() {
        String name = newQueueName();
        queue.send(name, "a", Duration.ZERO);
        queue.send(name, "b", Duration.ZERO);
        queue.send(name, "c", Duration.ofSeconds(60));

        assertThat(queue.approximateLength(name)).hasValue(3);
        QueueMessage received = queue.receive(name, 1, HIDDEN).get(0);
        assertThat(queue.approximateLength(name)).hasValue(3);
        queue.delete(name, received);
        assertThat(queue.approximateLength(name)).hasValue(2);
    }

    @Test
    void unicodeTextComesBackExactly() {
        String name = newQueueName();
        String text =
                "Gr\u00fc\u00dfe \u65e5\u672c\u8a9e \u0645\u0631\u062d\u0628\u0627 \ud83d\ude80 {\"id\":\"42\"} ' % _ ;-- \\";
        queue.send(name, text, Duration.ZERO);

        assertThat(queue.receive(name, 1, HIDDEN))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo(text));
    }

    @Test
    void textOfTheLargestAllowedSizeComesBackExactly() {
        String name = newQueueName();
        StringBuilder text = new StringBuilder(JobQueue.MAX_MESSAGE_LENGTH);
        for (int i = 0; text.length() < JobQueue.MAX_MESSAGE_LENGTH; i++) {
            text.append((char) ('a' + i % 26));
        }
        queue.send(name, text.toString(), Duration.ZERO);

        assertThat(queue.receive(name, 1, HIDDEN))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo(text.toString()));
    }

    @Test
    void invalidArgumentsAreRejectedNamingTheField() {
        String name = newQueueName();
        assertThatThrownBy(() -> queue.send("Upper-Case", "x", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.send("ab", "x", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.send("double--hyphen", "x", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.send(name, "x".repeat(JobQueue.MAX_MESSAGE_LENGTH + 1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'text'");
        assertThatThrownBy(() -> queue.send(name, "x", Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'initialDelay'");
        assertThatThrownBy(() -> queue.send(name, "x", JobQueue.MAX_VISIBILITY_TIMEOUT.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'initialDelay'");
        assertThatThrownBy(() -> queue.receive(name, 1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visibilityTimeout'");
        assertThatThrownBy(() -> queue.receive(name, 1, JobQueue.MAX_VISIBILITY_TIMEOUT.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visibilityTimeout'");
        assertThatThrownBy(() -> queue.receive(name, 33, HIDDEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxMessages'");
        assertThat(queue.approximateLength(name).orElse(0)).isZero();
    }

    @Test
    void updateVisibilityRejectsATimeoutOutOfRange() {
        String name = newQueueName();
        queue.send(name, "x", Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, HIDDEN).get(0);

        assertThatThrownBy(() -> queue.updateVisibility(name, received, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visibilityTimeout'");
        assertThatThrownBy(() -> queue.updateVisibility(name, received, JobQueue.MAX_VISIBILITY_TIMEOUT.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visibilityTimeout'");
        queue.delete(name, received);
    }
}
