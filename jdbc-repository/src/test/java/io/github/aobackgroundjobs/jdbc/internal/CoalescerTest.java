package io.github.aobackgroundjobs.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CoalescerTest {

    @Test
    void aLoneCallerWritesABatchOfOneOnItsOwnThread() {
        List<Thread> writers = new ArrayList<>();
        Coalescer<Integer, Integer> coalescer = new Coalescer<>(
                items -> {
                    writers.add(Thread.currentThread());
                    return new ArrayList<>(items.stream().map(i -> i * 2).toList());
                },
                8,
                1);

        assertThat(coalescer.submit(21)).isEqualTo(42);
        assertThat(writers).containsExactly(Thread.currentThread());
    }

    @Test
    void concurrentCallersShareBatchesAndEachGetsItsOwnResult() throws Exception {
        int threads = 8;
        int perThread = 2_000;
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger largest = new AtomicInteger();
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        Coalescer<Integer, Integer> coalescer = new Coalescer<>(
                items -> {
                    batches.incrementAndGet();
                    largest.accumulateAndGet(items.size(), Math::max);
                    written.addAll(items);
                    // A write that takes a moment, as a database round trip does, so that callers pile up.
                    long until = System.nanoTime() + 20_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    return new ArrayList<>(items.stream().map(i -> -i).toList());
                },
                5,
                1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> wrong = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            wrong.add(pool.submit(() -> {
                start.await();
                int mismatches = 0;
                for (int i = 1; i <= perThread; i++) {
                    if (coalescer.submit(base + i) != -(base + i)) {
                        mismatches++;
                    }
                }
                return mismatches;
            }));
        }
        start.countDown();
        for (Future<Integer> f : wrong) {
            assertThat(f.get(60, TimeUnit.SECONDS)).isZero();
        }
        pool.shutdown();

        assertThat(written).hasSize(threads * perThread).doesNotHaveDuplicates();
        assertThat(largest.get())
                .as("no batch beyond the maximum")
                .isLessThanOrEqualTo(5)
                .isGreaterThan(1);
        assertThat(batches.get()).as("batches formed").isLessThan(threads * perThread);
    }

    @Test
    void aFailedBatchFailsEveryCallerInItAndTheNextBatchIsWrittenAgain() {
        AtomicInteger calls = new AtomicInteger();
        Coalescer<String, String> coalescer = new Coalescer<>(
                items -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("database said no");
                    }
                    return new ArrayList<>(items);
                },
                4,
                1);

        assertThatThrownBy(() -> coalescer.submit("a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("database said no");
        assertThat(coalescer.submit("b")).isEqualTo("b");
    }

    @Test
    void anItemThatFailedOnItsOwnThrowsOnlyForItsCaller() {
        Coalescer<String, String> coalescer = new Coalescer<>(
                items -> {
                    List<Object> results = new ArrayList<>();
                    for (String item : items) {
                        results.add(
                                item.isEmpty() ? Coalescer.failed(new IllegalArgumentException("empty item")) : item);
                    }
                    return results;
                },
                4,
                1);

        assertThatThrownBy(() -> coalescer.submit(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("empty item");
        assertThat(coalescer.submit("x")).isEqualTo("x");
    }

    @Test
    void aWriterReturningTheWrongNumberOfResultsIsAnError() {
        Coalescer<String, String> coalescer = new Coalescer<>(items -> new ArrayList<>(), 4, 1);

        assertThatThrownBy(() -> coalescer.submit("x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("A batch of 1 gave 0 results");
    }

    @Test
    void batchesUpToTheInFlightLimitAreWrittenAtTheSameTime() throws Exception {
        CountDownLatch bothWriting = new CountDownLatch(2);
        Coalescer<Integer, Integer> coalescer = new Coalescer<>(
                items -> {
                    bothWriting.countDown();
                    try {
                        // Returns only once another batch is being written too: impossible with one in flight.
                        if (!bothWriting.await(10, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("no second batch in flight");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return new ArrayList<>(items);
                },
                1,
                2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Integer> a = pool.submit(() -> coalescer.submit(1));
        Future<Integer> b = pool.submit(() -> coalescer.submit(2));

        assertThat(a.get(20, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(b.get(20, TimeUnit.SECONDS)).isEqualTo(2);
        pool.shutdown();
    }

    @Test
    void rejectsAnEmptyBatchSize() {
        assertThatThrownBy(() -> new Coalescer<String, String>(items -> List.of(), 0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxBatch'");
        assertThatThrownBy(() -> new Coalescer<String, String>(items -> List.of(), 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxInFlight'");
    }
}
