package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Javadoc of {@link InMemoryJobQueue}: its counts, its texts, its receipts and its clock. */
class InMemoryJobQueueJavadocTest {

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);

    @Test
    void theLengthAndTheTextsCountEveryMessageVisibleOrNotAndAQueueNeverSentToHasNone() {
        assertThat(queue.approximateLength("parcels")).hasValue(0);
        assertThat(queue.messageTexts("parcels")).isEmpty();
        queue.send("parcels", "visible", Duration.ZERO);
        queue.send("parcels", "delayed", Duration.ofMinutes(5));
        queue.send("parcels", "received", Duration.ZERO);
        queue.receive("parcels", 1, Duration.ofSeconds(30));

        assertThat(queue.approximateLength("parcels")).hasValue(3);
        Set<String> texts = queue.messageTexts("parcels");
        assertThat(texts).containsExactlyInAnyOrder("visible", "delayed", "received");
        queue.send("parcels", "later", Duration.ZERO);
        assertThat(texts).as("a copy").hasSize(3);
        assertThatThrownBy(() -> queue.messageTexts("Parcels"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThat(queue.isDurable()).isFalse();
    }

    @Test
    void aMessageComesBackAfterItsTimeoutWithAHigherDequeueCountAndTheOldReceiptIsStale() {
        queue.send("parcels", "p", Duration.ZERO);
        QueueMessage first = queue.receive("parcels", 1, Duration.ofSeconds(30)).get(0);
        assertThat(first.dequeueCount()).isEqualTo(1);
        assertThat(queue.receive("parcels", 1, Duration.ofSeconds(30))).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        List<QueueMessage> again = queue.receive("parcels", 1, Duration.ofSeconds(30));

        assertThat(again).hasSize(1);
        assertThat(again.get(0).messageId()).isEqualTo(first.messageId());
        assertThat(again.get(0).dequeueCount()).isEqualTo(2);
        assertThatThrownBy(() -> queue.delete("parcels", first)).isInstanceOf(MessageReceiptExpiredException.class);
        queue.delete("parcels", again.get(0));
        assertThatThrownBy(() -> queue.delete("parcels", again.get(0)))
                .as("a receipt of a deleted message")
                .isInstanceOf(MessageReceiptExpiredException.class);
        assertThat(queue.approximateLength("parcels")).hasValue(0);
    }

    @Test
    void argumentsOutOfAzuresLimitsAreRefusedNamingThem() {
        assertThatThrownBy(() -> queue.receive("parcels", 33, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxMessages'");
        assertThatThrownBy(() -> queue.receive("parcels", 1, Duration.ofMillis(999)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'visibilityTimeout'");
        assertThatThrownBy(() -> queue.send("parcels", "x".repeat(64 * 1024 + 1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'text'");
        assertThatThrownBy(() -> queue.send("parcels", "x", Duration.ofDays(7).plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'initialDelay'");
        assertThat(queue.approximateLength("parcels")).hasValue(0);
        assertThatThrownBy(() -> new InMemoryJobQueue(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'clock'");
    }
}
