package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.JobStatus;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long finished job records are kept, and how the built-in retention schedule deletes
 * older ones: in batches of {@link #batchSize()} rows, one short statement each, with a pause
 * between batches, so a large delete never holds long locks nor starves the workers.
 *
 * <p>Defaults: SUCCEEDED 7 days, FAILED, ABORTED and CANCELLED 30 days, any finished record
 * whose notification the user cleared 1 day; every 15 minutes; 1,000 rows a batch, 50 ms
 * between batches, at most 200 batches (200,000 rows) a run; fire records kept 7 days.
 * Immutable and thread-safe.
 */
public final class RetentionPolicy {

    /** Name of the built-in retention definition. */
    public static final String DEFINITION_NAME = "backgroundjobs.retention";
    /** Default age of SUCCEEDED records. */
    public static final Duration DEFAULT_SUCCEEDED_AGE = Duration.ofDays(7);
    /** Default age of FAILED, ABORTED and CANCELLED records. */
    public static final Duration DEFAULT_FAILED_AGE = Duration.ofDays(30);
    /** Default age of cleared finished records. */
    public static final Duration DEFAULT_CLEARED_AGE = Duration.ofDays(1);
    /** Default age of fire records. */
    public static final Duration DEFAULT_FIRE_RECORD_AGE = Duration.ofDays(7);
    /** Default time between runs. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(15);
    /** Default rows per delete statement. */
    public static final int DEFAULT_BATCH_SIZE = 1_000;
    /** Default pause between batches. */
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(50);
    /** Default most batches per run. */
    public static final int DEFAULT_MAX_BATCHES_PER_RUN = 200;

    private static final RetentionPolicy DISABLED = new RetentionPolicy(builder(), false);

    private final boolean enabled;
    private final Map<JobStatus, Duration> ages;
    private final Duration clearedAge;
    private final Duration fireRecordAge;
    private final Duration interval;
    private final int batchSize;
    private final Duration pause;
    private final int maxBatchesPerRun;

    private RetentionPolicy(Builder b, boolean enabled) {
        this.enabled = enabled;
        this.ages = Collections.unmodifiableMap(new EnumMap<>(b.ages));
        this.clearedAge = b.clearedAge;
        this.fireRecordAge = b.fireRecordAge;
        this.interval = b.interval;
        this.batchSize = b.batchSize;
        this.pause = b.pause;
        this.maxBatchesPerRun = b.maxBatchesPerRun;
    }

    /** @return the default policy, enabled */
    public static RetentionPolicy defaults() {
        return builder().build();
    }

    /** @return a policy that keeps every record and registers no retention schedule */
    public static RetentionPolicy disabled() {
        return DISABLED;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return whether the retention schedule runs */
    public boolean enabled() {
        return enabled;
    }

    /** @return the age after which records of each finished state are deleted */
    public Map<JobStatus, Duration> ages() {
        return ages;
    }

    /** @return the age after which finished records whose notification was cleared are deleted */
    public Duration clearedAge() {
        return clearedAge;
    }

    /** @return the age after which fire records are deleted */
    public Duration fireRecordAge() {
        return fireRecordAge;
    }

    /** @return the time between runs */
    public Duration interval() {
        return interval;
    }

    /** @return rows per delete statement */
    public int batchSize() {
        return batchSize;
    }

    /** @return the pause between batches */
    public Duration pause() {
        return pause;
    }

    /** @return the most batches one run deletes; the next run goes on */
    public int maxBatchesPerRun() {
        return maxBatchesPerRun;
    }

    @Override
    public String toString() {
        return enabled
                ? "RetentionPolicy[" + ages + ", cleared " + clearedAge + ", every " + interval + ", batches of "
                        + batchSize + "]"
                : "RetentionPolicy[disabled]";
    }

    /** Builds a {@link RetentionPolicy}. Not thread-safe. */
    public static final class Builder {
        private final Map<JobStatus, Duration> ages = new EnumMap<>(JobStatus.class);
        private Duration clearedAge = DEFAULT_CLEARED_AGE;
        private Duration fireRecordAge = DEFAULT_FIRE_RECORD_AGE;
        private Duration interval = DEFAULT_INTERVAL;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration pause = DEFAULT_PAUSE;
        private int maxBatchesPerRun = DEFAULT_MAX_BATCHES_PER_RUN;

        private Builder() {
            ages.put(JobStatus.SUCCEEDED, DEFAULT_SUCCEEDED_AGE);
            ages.put(JobStatus.FAILED, DEFAULT_FAILED_AGE);
            ages.put(JobStatus.ABORTED, DEFAULT_FAILED_AGE);
            ages.put(JobStatus.CANCELLED, DEFAULT_FAILED_AGE);
        }

        /**
         * @param status a finished state
         * @param age records completed longer ago are deleted; at least 1 s; an age reaching back
         *     before the year 1 ({@code ChronoUnit.FOREVER.getDuration()}) keeps them for good
         * @return this
         * @throws IllegalArgumentException naming {@code 'status'} if it is not a finished state, or
         *     {@code 'age'} if under one second
         */
        public Builder age(JobStatus status, Duration age) {
            Objects.requireNonNull(status, "'status' cannot be null.");
            if (!status.isTerminal()) {
                throw new IllegalArgumentException("'status' must be a finished state, not " + status + ".");
            }
            ages.put(status, atLeastSecond(age, "age"));
            return this;
        }

        /**
         * @param age finished records whose notification was cleared are deleted this long after
         *     completion; at least 1 s; an age reaching back before the year 1 deletes none by this rule
         * @return this
         * @throws IllegalArgumentException naming {@code 'clearedAge'} if under one second
         */
        public Builder clearedAge(Duration age) {
            this.clearedAge = atLeastSecond(age, "clearedAge");
            return this;
        }

        /**
         * @param age fire records older than this are deleted; at least 1 s; an age reaching back before
         *     the year 1 keeps them for good
         * @return this
         * @throws IllegalArgumentException naming {@code 'fireRecordAge'} if under one second
         */
        public Builder fireRecordAge(Duration age) {
            this.fireRecordAge = atLeastSecond(age, "fireRecordAge");
            return this;
        }

        /**
         * @param interval time between runs, at least 1 s, whole milliseconds, at most
         *     {@link Schedule#MAX_INTERVAL} (the retention task's
         *     schedule is {@link Schedule#every} of it)
         * @return this
         * @throws IllegalArgumentException naming {@code 'interval'} if {@link Schedule#every} refuses it
         */
        public Builder interval(Duration interval) {
            Objects.requireNonNull(interval, "'interval' cannot be null.");
            // Refused here, not by the scheduler's build() that turns it into the task's schedule.
            Schedule.every(interval);
            this.interval = interval;
            return this;
        }

        /**
         * @param batchSize rows per delete statement, 1..10,000
         * @return this
         * @throws IllegalArgumentException naming {@code 'batchSize'} if outside 1..10,000
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("'batchSize' must be between 1 and 10000, not " + batchSize + ".");
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * @param pause pause between batches, 0 or more
         * @return this
         * @throws IllegalArgumentException naming {@code 'pause'} if negative
         */
        public Builder pause(Duration pause) {
            Objects.requireNonNull(pause, "'pause' cannot be null.");
            if (pause.isNegative()) {
                throw new IllegalArgumentException("'pause' cannot be negative.");
            }
            this.pause = pause;
            return this;
        }

        /**
         * @param maxBatchesPerRun most delete statements one run sends, at least 1; each rule (cleared,
         *     then each finished state) takes at least one; a run this limit cuts short reads whether
         *     its unfinished rules left anything, and is complete if not
         * @return this
         * @throws IllegalArgumentException naming {@code 'maxBatchesPerRun'} if under 1
         */
        public Builder maxBatchesPerRun(int maxBatchesPerRun) {
            if (maxBatchesPerRun < 1) {
                throw new IllegalArgumentException("'maxBatchesPerRun' must be at least 1.");
            }
            this.maxBatchesPerRun = maxBatchesPerRun;
            return this;
        }

        /** @return the policy, enabled */
        public RetentionPolicy build() {
            return new RetentionPolicy(this, true);
        }

        private static Duration atLeastSecond(Duration d, String field) {
            Objects.requireNonNull(d, "'" + field + "' cannot be null.");
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("'" + field + "' must be at least 1 s, not " + d + ".");
            }
            return d;
        }
    }
}
