package io.github.aobackgroundjobs.benchmarks.peers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Where the no-op job bodies of every peer report: a run counter and the pickup moment. */
public final class PickupSignal {

    /** Runs of no-op bodies. */
    public static final LongAdder RUNS = new LongAdder();

    private static final AtomicReference<CompletableFuture<Long>> PICKUP = new AtomicReference<>();

    private PickupSignal() {}

    /** The no-op body: counts itself. Static so that JobRunr can call it from a lambda. */
    public static void noOp() {
        RUNS.increment();
    }

    /** The pickup body: reports when it started. */
    public static void pickedUp() {
        CompletableFuture<Long> f = PICKUP.get();
        if (f != null) {
            f.complete(System.nanoTime());
        }
    }

    /** Arms the next pickup. */
    static void arm() {
        PICKUP.set(new CompletableFuture<>());
    }

    /** @return when the armed pickup body started */
    static long awaitPickup() throws Exception {
        return PICKUP.get().get(60, TimeUnit.SECONDS);
    }
}
