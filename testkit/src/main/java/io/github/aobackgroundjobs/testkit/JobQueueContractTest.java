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

    /** Creates the suite; a subclass supplies the implementation under test. */
    protected JobQueueContractTest() {}

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
     * Removes the queues a test used (for a real account), after each test, whether it passed or
     * failed; not called for a test whose {@link #createQueue()} threw or returned null. The
     * default does nothing.
     *
     * @param queue the queue under test, never null
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
        if (queue != null) {
            cleanUp(queue, List.copyOf(queuesUsed));
        }
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

        assertThat(received)
                .as("a message sent with no delay must be received at once, creating the queue on first send")
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.messageId())
                            .as("a received message must carry the id send returned")
                            .isEqualTo(id);
                    assertThat(m.text())
                            .as("a received message must carry the text sent")
                            .isEqualTo("hello");
                    assertThat(m.dequeueCount())
                            .as("the first receive of a message must report dequeueCount 1")
                            .isEqualTo(1);
                    assertThat(m.popReceipt())
                            .as("a received message must carry a pop receipt")
                            .isNotBlank();
                });
        queue.delete(name, received.get(0));
        assertThat(queue.approximateLength(name))
                .as("approximateLength must count 0 once the only message is deleted")
                .hasValue(0);
        waitFor(HIDDEN.plusMillis(500));
        assertThat(queue.receive(name, 32, HIDDEN))
                .as("a deleted message must never come back")
                .isEmpty();
    }

    @Test
    void receiveFromAQueueNeverSentToIsEmpty() {
        assertThat(queue.receive(newQueueName(), 32, HIDDEN))
                .as("receive from a queue never sent to must answer no messages, not throw")
                .isEmpty();
    }

    @Test
    void aReceivedMessageIsHiddenUntilItsVisibilityTimeoutThenComesBackCountedAgain() {
        String name = newQueueName();
        queue.send(name, "again", Duration.ZERO);
        QueueMessage first = queue.receive(name, 1, HIDDEN).get(0);

        assertThat(queue.receive(name, 32, HIDDEN))
                .as("a received message must stay hidden for its visibility timeout")
                .isEmpty();
        waitFor(HIDDEN.plusMillis(500));
        List<QueueMessage> second = queue.receive(name, 32, HIDDEN);

        assertThat(second)
                .as("a message not deleted must come back once its visibility timeout passed")
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.messageId())
                            .as("a message received again must keep its id")
                            .isEqualTo(first.messageId());
                    assertThat(m.text())
                            .as("a message received again must keep its text")
                            .isEqualTo("again");
                    assertThat(m.dequeueCount())
                            .as("each receive must add one to dequeueCount")
                            .isEqualTo(2);
                    assertThat(m.popReceipt())
                            .as("each receive must issue a new pop receipt")
                            .isNotEqualTo(first.popReceipt());
                });
    }

    @Test
    void anInitialDelayHidesTheMessageUntilItPasses() {
        String name = newQueueName();
        queue.send(name, "later", Duration.ofSeconds(2));

        assertThat(queue.receive(name, 32, HIDDEN))
                .as("a message sent with an initial delay must stay hidden until the delay passed")
                .isEmpty();
        assertThat(queue.approximateLength(name))
                .as("approximateLength must count a delayed message")
                .hasValue(1);
        waitFor(Duration.ofMillis(2_500));
        assertThat(queue.receive(name, 32, HIDDEN))
                .as("a delayed message must be received once its delay passed")
                .singleElement()
                .satisfies(m -> assertThat(m.dequeueCount())
                        .as("a delayed message's first receive must report dequeueCount 1")
                        .isEqualTo(1));
    }

    @Test
    void aReceiptGoesStaleOnceTheMessageIsReceivedAgain() {
        String name = newQueueName();
        queue.send(name, "stale", Duration.ZERO);
        QueueMessage first = queue.receive(name, 1, Duration.ofSeconds(1)).get(0);
        waitFor(Duration.ofMillis(1_500));
        QueueMessage second = queue.receive(name, 1, HIDDEN).get(0);

        assertThatThrownBy(() -> queue.delete(name, first))
                .as("delete with the receipt of an earlier receive must throw MessageReceiptExpiredException")
                .isInstanceOf(MessageReceiptExpiredException.class);
        assertThatThrownBy(() -> queue.updateVisibility(name, first, HIDDEN))
                .as("updateVisibility with the receipt of an earlier receive must throw"
                        + " MessageReceiptExpiredException")
                .isInstanceOf(MessageReceiptExpiredException.class);
        queue.delete(name, second);
        assertThat(queue.approximateLength(name))
                .as("delete with the current receipt must remove the message")
                .hasValue(0);
    }

    @Test
    void updateVisibilityIssuesANewReceiptAndTheOldOneGoesStale() {
        String name = newQueueName();
        queue.send(name, "update", Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, Duration.ofSeconds(1)).get(0);

        QueueMessage updated = queue.updateVisibility(name, received, Duration.ofSeconds(30));

        assertThat(updated.messageId())
                .as("updateVisibility must return the same message id")
                .isEqualTo(received.messageId());
        assertThat(updated.text())
                .as("updateVisibility must return the message's text")
                .isEqualTo("update");
        assertThat(updated.popReceipt())
                .as("updateVisibility must issue a new pop receipt")
                .isNotEqualTo(received.popReceipt());
        waitFor(Duration.ofMillis(1_500));
        assertThat(queue.receive(name, 32, HIDDEN))
                .as("updateVisibility must hide the message for the new timeout, from now")
                .isEmpty();
        assertThatThrownBy(() -> queue.delete(name, received))
                .as("after updateVisibility, the old receipt must be stale: MessageReceiptExpiredException")
                .isInstanceOf(MessageReceiptExpiredException.class);
        queue.delete(name, updated);
        assertThat(queue.approximateLength(name))
                .as("delete with the receipt updateVisibility returned must remove the message")
                .hasValue(0);
    }

    @Test
    void updateVisibilityToZeroMakesTheMessageVisibleAtOnce() {
        String name = newQueueName();
        queue.send(name, "now", Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, Duration.ofSeconds(30)).get(0);

        queue.updateVisibility(name, received, Duration.ZERO);

        assertThat(queue.receive(name, 1, HIDDEN))
                .as("updateVisibility to zero must make the message visible at once")
                .singleElement()
                .satisfies(m -> assertThat(m.dequeueCount())
                        .as("receiving it again must add one to dequeueCount")
                        .isEqualTo(2));
    }

    @Test
    void deleteOfADeletedMessageFailsAsStale() {
        String name = newQueueName();
        queue.send(name, "once", Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, HIDDEN).get(0);
        queue.delete(name, received);

        assertThatThrownBy(() -> queue.delete(name, received))
                .as("delete of a message already deleted must throw MessageReceiptExpiredException")
                .isInstanceOf(MessageReceiptExpiredException.class);
    }

    @Test
    void aBatchHoldsAtMost32Messages() {
        String name = newQueueName();
        for (int i = 0; i < 40; i++) {
            queue.send(name, "m" + i, Duration.ZERO);
        }

        List<QueueMessage> batch = queue.receive(name, 32, HIDDEN);
        List<QueueMessage> rest = queue.receive(name, 32, HIDDEN);

        assertThat(batch)
                .as("receive of up to 32 must return 32 when as many are visible")
                .hasSize(32);
        assertThat(rest)
                .as("a second receive must return the visible rest, never the hidden ones")
                .hasSize(8);
        assertThat(queue.approximateLength(name))
                .as("approximateLength must count hidden messages too")
                .hasValue(40);
        assertThatThrownBy(() -> queue.receive(name, 33, HIDDEN))
                .as("receive of more than 32 messages must throw IllegalArgumentException")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queue.receive(name, 0, HIDDEN))
                .as("receive of 0 messages must throw IllegalArgumentException")
                .isInstanceOf(IllegalArgumentException.class);
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
            assertThat(received)
                    .as("a single producer's messages must come back in the order sent (keepsOrder() is true)")
                    .containsExactlyElementsOf(sent);
        } else {
            assertThat(received)
                    .as("a single producer's messages must all come back, in any order")
                    .containsExactlyInAnyOrderElementsOf(sent);
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

        assertThat(received)
                .as("concurrent receivers must together get every message")
                .hasSize(messages);
        assertThat(received.values())
                .as("a message hidden by one receiver must not be given to another")
                .allSatisfy(n -> assertThat(n.get())
                        .as("receives of one message by concurrent receivers")
                        .isEqualTo(1));
        assertThat(queue.approximateLength(name))
                .as("every message deleted by its receiver must be gone")
                .hasValue(0);
    }

    @Test
    void deadLetterCopiesTheTextUnchangedToThePoisonQueue() {
        String name = newQueueName();
        String text = "not-an-id \u00e9\u00e8 \"quoted\" <tag> & \ud83d\ude80";
        queue.send(name, text, Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, Duration.ofSeconds(1)).get(0);

        queue.deadLetter(name, received);

        String poison = queue.poisonQueueName(name);
        assertThat(poison).as("the poison queue of q must be named q-poison").isEqualTo(name + "-poison");
        List<QueueMessage> poisoned = queue.receive(poison, 32, HIDDEN);
        assertThat(poisoned)
                .as("deadLetter must send the message to the poison queue once")
                .singleElement()
                .satisfies(m -> assertThat(m.text().getBytes(StandardCharsets.UTF_8))
                        .as("deadLetter must copy the text byte for byte")
                        .isEqualTo(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(queue.approximateLength(name))
                .as("deadLetter must delete the message from its queue")
                .hasValue(0);
        waitFor(Duration.ofMillis(1_500));
        assertThat(queue.receive(name, 32, HIDDEN))
                .as("a dead-lettered message must never come back on its queue")
                .isEmpty();
    }

    @Test
    void approximateLengthCountsVisibleAndHiddenMessages() {
        String name = newQueueName();
        queue.send(name, "a", Duration.ZERO);
        queue.send(name, "b", Duration.ZERO);
        queue.send(name, "c", Duration.ofSeconds(60));

        assertThat(queue.approximateLength(name))
                .as("approximateLength must count visible and delayed messages")
                .hasValue(3);
        QueueMessage received = queue.receive(name, 1, HIDDEN).get(0);
        assertThat(queue.approximateLength(name))
                .as("approximateLength must count a received (hidden) message until it is deleted")
                .hasValue(3);
        queue.delete(name, received);
        assertThat(queue.approximateLength(name))
                .as("approximateLength must not count a deleted message")
                .hasValue(2);
    }

    @Test
    void unicodeTextComesBackExactly() {
        String name = newQueueName();
        String text =
                "Gr\u00fc\u00dfe \u65e5\u672c\u8a9e \u0645\u0631\u062d\u0628\u0627 \ud83d\ude80 {\"id\":\"42\"} ' % _ ;-- \\";
        queue.send(name, text, Duration.ZERO);

        assertThat(queue.receive(name, 1, HIDDEN))
                .as("a message with non-ASCII text must be received")
                .singleElement()
                .satisfies(m -> assertThat(m.text())
                        .as("the queue must return exactly the text sent, any Unicode included")
                        .isEqualTo(text));
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
                .as("a message of MAX_MESSAGE_LENGTH characters must be accepted and received")
                .singleElement()
                .satisfies(m -> assertThat(m.text())
                        .as("a message of MAX_MESSAGE_LENGTH characters must come back whole")
                        .isEqualTo(text.toString()));
    }

    @Test
    void checkAccessWithGoodCredentialsPassesAndChangesNoMessages() {
        String fresh = newQueueName();
        String used = newQueueName();
        queue.send(used, "kept", Duration.ZERO);

        queue.checkAccess(fresh);
        queue.checkAccess(used);
        queue.checkAccess(used);

        assertThat(queue.receive(fresh, 32, HIDDEN))
                .as("checkAccess must put no message on a queue")
                .isEmpty();
        assertThat(queue.receive(used, 32, HIDDEN))
                .as("checkAccess must leave a queue's messages as they were (visible, not received)")
                .singleElement()
                .satisfies(m -> assertThat(m.dequeueCount())
                        .as("checkAccess must not receive a message")
                        .isEqualTo(1));
        assertThatThrownBy(() -> queue.checkAccess("Upper-Case"))
                .as("checkAccess of an invalid queue name must throw IllegalArgumentException naming 'queueName'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
    }

    @Test
    void invalidArgumentsAreRejectedNamingTheField() {
        String name = newQueueName();
        assertThatThrownBy(() -> queue.send("Upper-Case", "x", Duration.ZERO))
                .as("send to a queue name with upper case must throw IllegalArgumentException naming 'queueName'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.send("ab", "x", Duration.ZERO))
                .as("send to a queue name shorter than 3 must throw IllegalArgumentException naming 'queueName'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.send("double--hyphen", "x", Duration.ZERO))
                .as("send to a queue name with two hyphens in a row must throw IllegalArgumentException naming"
                        + " 'queueName'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.send(name, "x".repeat(JobQueue.MAX_MESSAGE_LENGTH + 1), Duration.ZERO))
                .as("send of a text longer than MAX_MESSAGE_LENGTH must throw IllegalArgumentException naming 'text'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'text'");
        assertThatThrownBy(() -> queue.send(name, "x", Duration.ofSeconds(-1)))
                .as("send with a negative delay must throw IllegalArgumentException naming 'initialDelay'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'initialDelay'");
        assertThatThrownBy(() -> queue.send(name, "x", JobQueue.MAX_VISIBILITY_TIMEOUT.plusSeconds(1)))
                .as("send with a delay over 7 days must throw IllegalArgumentException naming 'initialDelay'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'initialDelay'");
        assertThatThrownBy(() -> queue.receive(name, 1, Duration.ZERO))
                .as("receive with a visibility timeout under 1 second must throw IllegalArgumentException naming"
                        + " 'visibilityTimeout'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visibilityTimeout'");
        assertThatThrownBy(() -> queue.receive(name, 1, JobQueue.MAX_VISIBILITY_TIMEOUT.plusSeconds(1)))
                .as("receive with a visibility timeout over 7 days must throw IllegalArgumentException naming"
                        + " 'visibilityTimeout'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visibilityTimeout'");
        assertThatThrownBy(() -> queue.receive(name, 33, HIDDEN))
                .as("receive of more than 32 messages must throw IllegalArgumentException naming 'maxMessages'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxMessages'");
        assertThat(queue.approximateLength(name).orElse(0))
                .as("a refused send must send nothing")
                .isZero();
    }

    @Test
    void updateVisibilityRejectsATimeoutOutOfRange() {
        String name = newQueueName();
        queue.send(name, "x", Duration.ZERO);
        QueueMessage received = queue.receive(name, 1, HIDDEN).get(0);

        assertThatThrownBy(() -> queue.updateVisibility(name, received, Duration.ofSeconds(-1)))
                .as("updateVisibility with a negative timeout must throw IllegalArgumentException naming"
                        + " 'visibilityTimeout'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visibilityTimeout'");
        assertThatThrownBy(() -> queue.updateVisibility(name, received, JobQueue.MAX_VISIBILITY_TIMEOUT.plusSeconds(1)))
                .as("updateVisibility with a timeout over 7 days must throw IllegalArgumentException naming"
                        + " 'visibilityTimeout'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visibilityTimeout'");
        queue.delete(name, received);
    }
}
