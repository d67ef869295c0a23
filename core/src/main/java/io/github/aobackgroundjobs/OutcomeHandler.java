package io.github.aobackgroundjobs;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one table from {@link Outcome} to message action, shared by {@link QueueWorker} and the
 * Azure Functions adapter so that both hosts behave the same (see {@link Outcome} for the
 * table). Immutable and thread-safe.
 *
 * @param <K> the key type
 */
public final class OutcomeHandler<K> {

    private static final Logger LOG = LoggerFactory.getLogger(OutcomeHandler.class);

    /** Shortest delay applied to BUSY, so that a message never spins. */
    public static final Duration MIN_DEFER = Duration.ofSeconds(1);

    private final JobRepositoryBase<K> repository;
    private final Clock clock;

    /**
     * @param repository where a retry's fresh message is recorded as sent
     * @param clock the clock
     */
    public OutcomeHandler(JobRepositoryBase<K> repository, Clock clock) {
        this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
        this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
    }

    /**
     * Applies an outcome to the message being processed.
     *
     * @param id the job the message is for
     * @param outcome what {@link BackgroundJobBase#execute} decided
     * @param actions the host's actions on the message
     * @throws RuntimeException whatever the actions throw (queue unreachable, stale receipt):
     *     the message then stays where it is and is delivered again
     */
    public void apply(K id, Outcome outcome, MessageActions actions) {
        Objects.requireNonNull(outcome, "'outcome' cannot be null.");
        Objects.requireNonNull(actions, "'actions' cannot be null.");
        switch (outcome.type()) {
            case SUCCEEDED, FAILED, CANCELLED, ALREADY_DONE, ABORTED -> actions.delete();
            case RETRY -> {
                actions.sendFresh(clampDelay(outcome.delay(), Duration.ZERO));
                markSent(id);
                actions.delete();
            }
            case BUSY -> actions.deferFor(clampDelay(outcome.delay(), MIN_DEFER));
            case REJECTED -> actions.deadLetter(outcome.reason());
            default -> throw new IllegalStateException("Unknown outcome " + outcome.type());
        }
    }

    private void markSent(K id) {
        if (id == null) {
            return;
        }
        try {
            repository.markSent(id, clock.instant());
        } catch (RuntimeException e) {
            // The retry message is out; an unmarked record only means the sweeper may send a harmless duplicate.
            LOG.warn("Job {}: retry message sent but not recorded as sent", id, e);
        }
    }

    private static Duration clampDelay(Duration delay, Duration min) {
        Duration max = JobQueue.MAX_VISIBILITY_TIMEOUT.minusMinutes(1);
        if (delay.compareTo(min) < 0) {
            return min;
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
