package io.github.aobackgroundjobs.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The queue-length gauge asks the queue service at most once per refresh interval, however often
 * it is read, and never on the reading thread.
 */
class QueueLengthGaugeTest {

    /** A real in-memory queue that counts the length reads and names the thread of the last one. */
    private static final class LengthCountingQueue extends ForwardingJobQueue {
        final AtomicInteger lengthReads = new AtomicInteger();
        volatile String lastReader;

        LengthCountingQueue() {
            super(new InMemoryJobQueue());
        }

        @Override
        public OptionalLong approximateLength(String queueName) {
            lengthReads.incrementAndGet();
            lastReader = Thread.currentThread().getName();
            return super.approximateLength(queueName);
        }
    }

    @Test
    void aScrapeReadsTheCachedLength_andTheServiceIsAskedOncePerInterval() throws InterruptedException {
        LengthCountingQueue queue = new LengthCountingQueue();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry, Duration.ofSeconds(1));
        QueueWorker worker = QueueWorker.builder(queue)
                .job("lengths", new ScriptedJob<>(InMemoryJobRepository.withLongKeys(), JobOptions.defaults()))
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
        queue.send("lengths", "one", Duration.ZERO);
        queue.send("lengths", "two", Duration.ofMinutes(5));
        Gauge length = registry.get(BackgroundJobsMetrics.QUEUE_LENGTH)
                .tag("queue", "lengths")
                .gauge();

        assertThat(queue.lengthReads.get())
                .as("nothing is read before the first scrape")
                .isZero();
        // The first scrape starts the read and answers at once: NaN, unless the read already won the race.
        assertThat(length.value()).isIn(Double.NaN, 2.0);
        RealRun.awaitTrue("first answer", () -> length.value() == 2.0);
        int readsAfterFirstAnswer = queue.lengthReads.get();
        for (int i = 0; i < 1_000; i++) {
            assertThat(length.value()).isEqualTo(2.0);
        }
        assertThat(queue.lengthReads.get())
                .as("1,000 reads within the interval asked the service no more")
                .isEqualTo(readsAfterFirstAnswer)
                .isEqualTo(1);
        assertThat(queue.lastReader).isEqualTo("backgroundjobs-metrics-queue-length");

        queue.send("lengths", "three", Duration.ZERO);
        Thread.sleep(1_100);
        RealRun.awaitTrue("the length read again after the interval", () -> length.value() == 3.0);
        assertThat(queue.lengthReads.get()).isEqualTo(2);

        metrics.close();
        queue.send("lengths", "four", Duration.ZERO);
        Thread.sleep(1_100);
        assertThat(length.value()).as("closed: the last length is kept").isEqualTo(3.0);
        assertThat(queue.lengthReads.get())
                .as("closed: the service is not asked again")
                .isEqualTo(2);
        assertThatThrownBy(() -> metrics.bindTo(worker))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        worker.close(Duration.ofSeconds(5));
    }
}
