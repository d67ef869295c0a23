package io.github.aobackgroundjobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until told to move: for deterministic tests of anything that
 * takes a {@link Clock}. Thread-safe: every reader sees the latest {@link #set} or
 * {@link #advance}.
 */
public final class SettableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock at 2026-01-01T00:00:00Z in UTC. */
    public SettableClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    }

    /**
     * @param start the initial instant
     * @param zone the zone reported by {@link #getZone()}
     */
    public SettableClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(Objects.requireNonNull(start, "'start' cannot be null.")), zone);
    }

    private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = Objects.requireNonNull(zone, "'zone' cannot be null.");
    }

    /**
     * Moves the clock.
     *
     * @param instant the new time
     */
    public void set(Instant instant) {
        now.set(Objects.requireNonNull(instant, "'instant' cannot be null."));
    }

    /**
     * Moves the clock forward (or back, for a negative amount).
     *
     * @param amount how far
     * @return the new time
     */
    public Instant advance(Duration amount) {
        Objects.requireNonNull(amount, "'amount' cannot be null.");
        return now.updateAndGet(t -> t.plus(amount));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** The returned clock shares this clock's time: moving one moves both. */
    @Override
    public Clock withZone(ZoneId newZone) {
        return new SettableClock(now, newZone);
    }
}
