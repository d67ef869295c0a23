package io.github.aobackgroundjobs.scheduler.internal;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.RetentionReport;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** One retention run: bounded batches of short deletes, a pause between them. */
public final class RetentionRunner {

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private RetentionRunner() {}

    /**
     * @param store the store
     * @param policy the policy
     * @param now the current time
     * @return what was deleted
     */
    public static RetentionReport run(RecurringJobStore<?> store, RetentionPolicy policy, Instant now) {
        long start = System.nanoTime();
        // First the scheduler's own table: if it is missing, the run fails before deleting any job record.
        int fires = store.deleteFireRecords(cutoff(now, policy.fireRecordAge()));
        Budget budget = new Budget(policy);
        List<Rule> cutShort = new ArrayList<>();
        int cleared = drain(store, new Rule(null, true, cutoff(now, policy.clearedAge())), budget, cutShort);
        Map<JobStatus, Integer> byStatus = new EnumMap<>(JobStatus.class);
        for (Map.Entry<JobStatus, Duration> age : policy.ages().entrySet()) {
            Rule rule = new Rule(age.getKey(), false, cutoff(now, age.getValue()));
            byStatus.put(age.getKey(), drain(store, rule, budget, cutShort));
        }
        // A last batch of exactly batchSize rows says nothing about what is left: ask, but only then.
        // Not when interrupted (the host is stopping): a statement run with the interrupt flag set
        // fails, and on H2's file store closes the database for the whole process.
        boolean complete = budget.interrupted
                ? cutShort.isEmpty()
                : cutShort.stream()
                        .noneMatch(rule -> store.hasFinishedJobs(rule.status(), rule.clearedOnly(), rule.before()));
        return new RetentionReport(
                byStatus, cleared, fires, budget.used, complete, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * An age reaching back before the year 1 ({@code ChronoUnit.FOREVER} to keep a state for good)
     * cannot be subtracted from now, nor bound as a timestamp; nothing stored is that old anyway.
     */
    private static Instant cutoff(Instant now, Duration age) {
        return age.compareTo(Duration.between(EARLIEST, now)) >= 0 ? EARLIEST : now.minus(age);
    }

    /** Deletes by one rule until a batch comes back short; a rule the budget stops is added to {@code cutShort}. */
    private static int drain(RecurringJobStore<?> store, Rule rule, Budget budget, List<Rule> cutShort) {
        int total = 0;
        while (budget.take()) {
            int deleted = store.deleteFinishedJobs(
                    rule.status(), rule.clearedOnly(), rule.before(), budget.policy.batchSize());
            total += deleted;
            // Fewer than a batch: none left. More: a purge that cannot bound its delete took them all.
            if (deleted != budget.policy.batchSize()) {
                return total;
            }
            budget.pause();
        }
        cutShort.add(rule);
        return total;
    }

    /** The records one rule deletes: in one finished state (or any), cleared only or not, completed before a time. */
    private record Rule(JobStatus status, boolean clearedOnly, Instant before) {}

    private static final class Budget {
        private final RetentionPolicy policy;
        private int used;
        private boolean interrupted;

        private Budget(RetentionPolicy policy) {
            this.policy = policy;
        }

        private boolean take() {
            if (interrupted || used >= policy.maxBatchesPerRun()) {
                return false;
            }
            used++;
            return true;
        }

        private void pause() {
            long millis = policy.pause().toMillis();
            if (millis <= 0) {
                return;
            }
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                // Stop here; the report counts the batches that ran.
                interrupted = true;
            }
        }
    }
}
