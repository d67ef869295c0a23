package io.github.aobackgroundjobs.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the contract suite (in the testkit) cannot ask of every queue. */
class InMemoryJobQueueTest {

    private static final Duration HIDDEN = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);

    @Test
    void sendListenersRunAfterTheMessageIsInTheQueue() {
        List<String> seen = new ArrayList<>();
        List<Integer> visibleToListener = new ArrayList<>();
        Registration failing = queue.addSendListener(name -> {
            throw new IllegalStateException("listener failure");
        });
        Registration recording = queue.addSendListener(name -> {
            seen.add(name);
            visibleToListener.add(queue.receive(name, 32, HIDDEN).size());
        });

        queue.send("wake-up", "1", Duration.ZERO);
        recording.close();
        failing.close();
        queue.send("wake-up", "2", Duration.ZERO);

        assertThat(seen).containsExactly("wake-up");
        assertThat(visibleToListener).containsExactly(1);
        assertThat(queue.approximateLength("wake-up")).hasValue(2);
    }

    @Test
    void messagesThatBecomeVisibleAgainKeepTheirPlaceByInsertion() {
        queue.send("order", "first", Duration.ZERO);
        queue.send("order", "second", Duration.ZERO);
        QueueMessage first = queue.receive("order", 1, Duration.ofSeconds(5)).get(0);
        queue.send("order", "third", Duration.ZERO);
        queue.send("order", "delayed-fourth", Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(5));

        List<String> texts = new ArrayList<>();
        for (QueueMessage m : queue.receive("order", 32, HIDDEN)) {
            texts.add(m.text());
        }

        assertThat(first.text()).isEqualTo("first");
        assertThat(texts).containsExactly("first", "second", "third", "delayed-fourth");
    }

    @Test
    void aMessageIsVisibleExactlyWhenItsTimeoutEnds() {
        queue.send("edge", "m", Duration.ZERO);
        QueueMessage received = queue.receive("edge", 1, Duration.ofSeconds(10)).get(0);
        assertThat(received.nextVisibleAt()).isEqualTo(clock.instant().plusSeconds(10));
        assertThat(received.insertedAt()).isEqualTo(clock.instant());

        clock.advance(Duration.ofMillis(9_999));
        assertThat(queue.receive("edge", 1, HIDDEN)).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(queue.receive("edge", 1, HIDDEN)).hasSize(1);
    }

    @Test
    void aMessageUpdatedWhileVisibleIsHiddenAgain() {
        queue.send("upd", "m", Duration.ZERO);
        QueueMessage received = queue.receive("upd", 1, Duration.ofSeconds(1)).get(0);
        clock.advance(Duration.ofSeconds(2));

        QueueMessage updated = queue.updateVisibility("upd", received, Duration.ofSeconds(10));

        assertThat(queue.receive("upd", 1, HIDDEN)).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(queue.receive("upd", 1, HIDDEN))
                .singleElement()
                .satisfies(m -> assertThat(m.dequeueCount()).isEqualTo(2));
        assertThat(updated.dequeueCount()).isEqualTo(1);
    }

    @Test
    void concurrentReceiversGetEachMessageExactlyOnce() throws Exception {
        int messages = 4_000;
        for (int i = 0; i < messages; i++) {
            queue.send("busy", Integer.toString(i), Duration.ZERO);
        }
        Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                start.await();
                for (int round = 0; round < messages; round++) {
                    List<QueueMessage> batch = queue.receive("busy", 32, HIDDEN);
                    if (batch.isEmpty()) {
                        return null;
                    }
                    for (QueueMessage m : batch) {
                        received.computeIfAbsent(m.text(), k -> new AtomicInteger())
                                .incrementAndGet();
                        try {
                            queue.delete("busy", m);
                        } catch (RuntimeException e) {
                            errors.add(e);
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdownNow();

        assertThat(errors).isEmpty();
        assertThat(received).hasSize(messages);
        assertThat(received.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(queue.approximateLength("busy")).hasValue(0);
    }

    @Test
    void theDefaultConstructorRunsOnTheSystemClock() {
        InMemoryJobQueue system = new InMemoryJobQueue();
        system.send("system-clock", "m", Duration.ZERO);

        assertThat(system.receive("system-clock", 1, HIDDEN))
                .singleElement()
                .satisfies(m -> assertThat(m.insertedAt()).isBeforeOrEqualTo(java.time.Instant.now()));
    }
}
