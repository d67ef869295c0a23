package io.github.aobackgroundjobs.scheduler.internal;

import io.github.aobackgroundjobs.scheduler.MissedFirePolicy;
import io.github.aobackgroundjobs.scheduler.Schedule;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.scheduler.spi.FirePlan;
import io.github.aobackgroundjobs.scheduler.spi.StoredDefinition;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides what one round does with a due definition. Fire times more than the definition's
 * lateness before now are missed: skipped, or (run-once policy) the latest of them queued and
 * the rest skipped. Fire times within the lateness are queued, at most {@code maxFires} per
 * round; the rest wait for the next round.
 */
public final class FirePlanner {

    private FirePlanner() {}

    /**
     * @param state the definition as read, due (next fire time at or before now)
     * @param now the current time
     * @param maxFires most fire times to queue in this round
     * @return the plan
     */
    public static FirePlan plan(DefinitionState state, Instant now, int maxFires) {
        StoredDefinition definition = state.definition();
        Schedule schedule = Schedule.parse(definition.schedule());
        ZoneId zone = definition.zone();
        Instant expected = state.nextFireAt();
        Instant cutoff = now.minus(definition.lateness());
        List<Instant> fires = new ArrayList<>();
        Instant skippedFrom = null;
        Instant skippedThrough = null;
        Instant t = expected;
        if (expected.isBefore(cutoff)) {
            Instant lastMissed = schedule.lastBefore(cutoff, zone).orElse(expected);
            if (lastMissed.isBefore(expected)) {
                lastMissed = expected;
            }
            if (definition.missedFirePolicy() == MissedFirePolicy.RUN_ONCE) {
                fires.add(lastMissed);
                Optional<Instant> beforeLast = schedule.lastBefore(lastMissed, zone);
                if (lastMissed.isAfter(expected) && beforeLast.isPresent()) {
                    skippedFrom = expected;
                    skippedThrough = beforeLast.get();
                }
            } else {
                skippedFrom = expected;
                skippedThrough = lastMissed;
            }
            t = schedule.nextAfter(lastMissed, zone).orElse(null);
        }
        while (t != null && !t.isAfter(now) && fires.size() < maxFires) {
            fires.add(t);
            t = schedule.nextAfter(t, zone).orElse(null);
        }
        return new FirePlan(definition.name(), expected, fires, skippedFrom, skippedThrough, t);
    }
}
