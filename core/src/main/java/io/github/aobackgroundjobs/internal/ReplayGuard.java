package io.github.aobackgroundjobs.internal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Remembers accepted signatures until their timestamp leaves the replay window, so that the
 * same signed request is accepted once. Memory is bounded twice: entries are forgotten once
 * they expire (a replay that old fails the timestamp check anyway), and at most
 * {@code capacity} are kept, the oldest forgotten first.
 *
 * <p>Thread-safe.
 */
public final class ReplayGuard {

    private final int capacity;
    private final Map<String, Long> expiresAt = new HashMap<>();
    private final ArrayDeque<String> arrivalOrder = new ArrayDeque<>();

    /**
     * @param capacity most signatures remembered
     */
    public ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("'capacity' must be at least 1.");
        }
        this.capacity = capacity;
    }

    /**
     * Records a signature unless it is already remembered.
     *
     * @param signature the accepted signature
     * @param expiresAtEpochSeconds when it may be forgotten
     * @param nowEpochSeconds the time now
     * @return true if it was new; false if it was seen before (a replay)
     */
    public synchronized boolean firstUse(String signature, long expiresAtEpochSeconds, long nowEpochSeconds) {
        forgetExpired(nowEpochSeconds);
        if (expiresAt.containsKey(signature)) {
            return false;
        }
        expiresAt.put(signature, expiresAtEpochSeconds);
        arrivalOrder.addLast(signature);
        while (arrivalOrder.size() > capacity) {
            expiresAt.remove(arrivalOrder.pollFirst());
        }
        return true;
    }

    /** @return the number of signatures remembered now */
    public synchronized int size() {
        return expiresAt.size();
    }

    private void forgetExpired(long now) {
        // Arrival order is close to expiry order (timestamps lie within one window), so the
        // head check is enough: an entry out of order is forgotten at most one window late.
        for (String head = arrivalOrder.peekFirst(); head != null; head = arrivalOrder.peekFirst()) {
            if (expiresAt.get(head) >= now) {
                return;
            }
            arrivalOrder.pollFirst();
            expiresAt.remove(head);
        }
    }
}
