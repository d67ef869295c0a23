package io.github.aobackgroundjobs.jdbc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit: concurrent callers of the same operation share one round trip and one commit.
 * A caller queues its item; whoever finds no batch in progress leads, takes what is queued (its
 * own item among them) and writes it as one batch, while the others wait for their result. A
 * lone caller leads at once with a batch of one, so an idle system pays no extra latency; under
 * load, batches form from whatever arrived while the previous one was being written.
 *
 * <p>Every caller gets its own item's result or its own exception; a failing batch is the
 * writer's to split (see {@link BatchWriter}). Thread-safe.
 *
 * @param <I> an item
 * @param <R> its result
 */
public final class Coalescer<I, R> {

    /** Longest a waiting caller sleeps before it looks again, should a wake-up be missed. */
    private static final long RECHECK_NANOS = 1_000_000;

    /**
     * Writes a batch.
     *
     * @param <I> an item
     * @param <R> its result
     */
    @FunctionalInterface
    public interface BatchWriter<I, R> {
        /**
         * @param items one or more items, in arrival order
         * @return one result per item, in the same order; an item that failed on its own gets
         *     {@link #failed(RuntimeException)} instead of a result
         * @throws RuntimeException if the whole batch failed: every caller in it gets this exception
         */
        List<Object> write(List<I> items);
    }

    /** An item's own failure, in a batch that otherwise went through. */
    private record Failure(RuntimeException error) {}

    /**
     * @param error why one item failed
     * @return a result that makes that item's caller throw {@code error}
     */
    public static Object failed(RuntimeException error) {
        return new Failure(error);
    }

    /**
     * @param result a writer's result for one item
     * @return the item's own failure, or null if it is a result
     */
    public static RuntimeException failureOf(Object result) {
        return result instanceof Failure failure ? failure.error() : null;
    }

    private static final class Pending<I, R> {
        final I item;
        final Thread caller = Thread.currentThread();
        volatile boolean done;
        Object result;
        RuntimeException error;

        Pending(I item) {
            this.item = item;
        }
    }

    private final ConcurrentLinkedQueue<Pending<I, R>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger leaders = new AtomicInteger();
    private final int maxLeaders;
    private final BatchWriter<I, R> writer;
    private final int maxBatch;

    /**
     * @param writer writes a batch
     * @param maxBatch the most items one batch may hold
     * @param maxInFlight the most batches written at the same time
     */
    public Coalescer(BatchWriter<I, R> writer, int maxBatch, int maxInFlight) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("'maxBatch' must be at least 1, not " + maxBatch + ".");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("'maxInFlight' must be at least 1, not " + maxInFlight + ".");
        }
        this.writer = writer;
        this.maxBatch = maxBatch;
        this.maxLeaders = maxInFlight;
    }

    private boolean tryLead() {
        int current;
        do {
            current = leaders.get();
            if (current >= maxLeaders) {
                return false;
            }
        } while (!leaders.compareAndSet(current, current + 1));
        return true;
    }

    /**
     * Writes an item, alone or with others, and returns its result once its batch is written.
     *
     * @param item the item
     * @return its result
     * @throws RuntimeException whatever writing its batch threw
     */
    public R submit(I item) {
        Pending<I, R> mine = new Pending<>(item);
        queue.add(mine);
        while (!mine.done) {
            if (tryLead()) {
                try {
                    lead();
                } finally {
                    leaders.decrementAndGet();
                }
                // Items queued while this batch was written need a leader: wake the oldest waiter.
                Pending<I, R> next = queue.peek();
                if (next != null && next != mine) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                LockSupport.parkNanos(this, RECHECK_NANOS);
            }
        }
        if (mine.error != null) {
            throw mine.error;
        }
        if (mine.result instanceof Failure failure) {
            throw failure.error();
        }
        @SuppressWarnings("unchecked")
        R result = (R) mine.result;
        return result;
    }

    private void lead() {
        List<Pending<I, R>> batch = new ArrayList<>(Math.min(maxBatch, 16));
        Pending<I, R> p;
        while (batch.size() < maxBatch && (p = queue.poll()) != null) {
            batch.add(p);
        }
        if (batch.isEmpty()) {
            return;
        }

        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, R> each : batch) {
            items.add(each.item);
        }
        List<Object> results = null;
        RuntimeException error = null;
        try {
            results = writer.write(items);
            if (results.size() != items.size()) {
                error = new IllegalStateException(
                        "A batch of " + items.size() + " gave " + results.size() + " results.");
            }
        } catch (RuntimeException e) {
            error = e;
        } catch (Error e) {
            error = new IllegalStateException("Writing a batch failed: " + e, e);
        }
        for (int i = 0; i < batch.size(); i++) {
            Pending<I, R> each = batch.get(i);
            if (error != null) {
                each.error = error;
            } else {
                each.result = results.get(i);
            }
            each.done = true;
            if (each.caller != Thread.currentThread()) {
                LockSupport.unpark(each.caller);
            }
        }
    }
}
