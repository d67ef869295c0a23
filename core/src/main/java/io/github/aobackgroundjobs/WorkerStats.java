package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.delivery.Outcome;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running counts of what a {@link QueueWorker} did: outcomes by type, messages moved to the
 * poison queue, and errors that left a message for re-delivery. Thread-safe; each read is a
 * moment's view.
 */
public final class WorkerStats {

    private final Map<Outcome.Type, LongAdder> outcomes = new EnumMap<>(Outcome.Type.class);
    final LongAdder deadLettered = new LongAdder();
    final LongAdder storeErrors = new LongAdder();
    final LongAdder queueErrors = new LongAdder();
    final LongAdder unexpectedErrors = new LongAdder();
    final LongAdder recoveredMessages = new LongAdder();

    WorkerStats() {
        for (Outcome.Type type : Outcome.Type.values()) {
            outcomes.put(type, new LongAdder());
        }
    }

    void record(Outcome.Type type) {
        outcomes.get(type).increment();
    }

    /**
     * @param type an outcome type
     * @return how many messages ended with it
     * @throws NullPointerException if {@code type} is null
     */
    public long outcomes(Outcome.Type type) {
        return outcomes.get(Objects.requireNonNull(type, "'type' cannot be null."))
                .sum();
    }

    /** @return messages processed to an outcome, of every type */
    public long processed() {
        long total = 0;
        for (LongAdder adder : outcomes.values()) {
            total += adder.sum();
        }
        return total;
    }

    /** @return messages moved to a poison queue (rejected, not a job id, or dequeued too often) */
    public long deadLettered() {
        return deadLettered.sum();
    }

    /** @return messages left for re-delivery because the job store was unreachable */
    public long storeErrors() {
        return storeErrors.sum();
    }

    /** @return messages whose settling failed because the queue was unreachable */
    public long queueErrors() {
        return queueErrors.sum();
    }

    /** @return messages that failed for an unexpected reason (a bug; logged) */
    public long unexpectedErrors() {
        return unexpectedErrors.sum();
    }

    /**
     * @return messages sent when the worker started, for unfinished jobs of a queue whose
     *     messages do not survive a restart ({@link io.github.aobackgroundjobs.spi.JobQueue#isDurable()})
     */
    public long recoveredMessages() {
        return recoveredMessages.sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("WorkerStats[");
        for (Map.Entry<Outcome.Type, LongAdder> e : outcomes.entrySet()) {
            sb.append(e.getKey()).append('=').append(e.getValue().sum()).append(", ");
        }
        return sb.append("deadLettered=")
                .append(deadLettered())
                .append(", storeErrors=")
                .append(storeErrors())
                .append(", queueErrors=")
                .append(queueErrors())
                .append(", unexpectedErrors=")
                .append(unexpectedErrors())
                .append(", recoveredMessages=")
                .append(recoveredMessages())
                .append(']')
                .toString();
    }
}
