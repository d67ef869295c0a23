package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.spi.JobValidation;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * How a {@link BackgroundJobBase} runs its jobs. Immutable and thread-safe; build with
 * {@link #builder()} or take {@link #defaults()}.
 */
public final class JobOptions {

    /** Default lease: a worker that dies is replaced this long after its last heartbeat. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(30);
    /** Default minimum time between two progress writes of one job. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(1);
    /** Default longest time a finished attempt keeps trying to save its outcome while the store is down. */
    public static final Duration DEFAULT_COMPLETION_RETRY_TIMEOUT = Duration.ofMinutes(2);
    /** Default retry policy: up to 5 attempts, 10 s doubling to 10 min, with jitter. */
    public static final RetryPolicy DEFAULT_RETRY_POLICY =
            RetryPolicy.exponential(5, Duration.ofSeconds(10), Duration.ofMinutes(10));

    private static final JobOptions DEFAULTS = builder().build();

    private final Clock clock;
    private final JobSerializer serializer;
    private final RetryPolicy retryPolicy;
    private final Duration leaseDuration;
    private final Duration progressInterval;
    private final Duration completionRetryTimeout;
    private final boolean postStatusUpdates;
    private final String workerId;

    private JobOptions(Builder b) {
        this.clock = b.clock;
        this.serializer = b.serializer;
        this.retryPolicy = b.retryPolicy;
        this.leaseDuration = b.leaseDuration;
        this.progressInterval = b.progressInterval;
        this.completionRetryTimeout = b.completionRetryTimeout;
        this.postStatusUpdates = b.postStatusUpdates;
        this.workerId = b.workerId != null ? b.workerId : defaultWorkerId();
    }

    /** @return the default options */
    public static JobOptions defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these options */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.clock = clock;
        b.serializer = serializer;
        b.retryPolicy = retryPolicy;
        b.leaseDuration = leaseDuration;
        b.progressInterval = progressInterval;
        b.completionRetryTimeout = completionRetryTimeout;
        b.postStatusUpdates = postStatusUpdates;
        b.workerId = workerId;
        return b;
    }

    /** @return the clock every time is read from */
    public Clock clock() {
        return clock;
    }
    /** @return the JSON serializer */
    public JobSerializer serializer() {
        return serializer;
    }
    /** @return the retry policy */
    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }
    /** @return the lease taken by a claim and renewed every third of it while the job runs */
    public Duration leaseDuration() {
        return leaseDuration;
    }
    /** @return the minimum time between two progress writes of one job */
    public Duration progressInterval() {
        return progressInterval;
    }
    /** @return how long a finished attempt keeps trying to save its outcome while the store is down */
    public Duration completionRetryTimeout() {
        return completionRetryTimeout;
    }
    /** @return whether {@link BackgroundJobBase#onStatusUpdated} is called (the original's {@code PostStatusUpdates}) */
    public boolean postStatusUpdates() {
        return postStatusUpdates;
    }
    /** @return the id this process uses as lease owner */
    public String workerId() {
        return workerId;
    }

    private static String defaultWorkerId() {
        String runtime = ManagementFactory.getRuntimeMXBean().getName();
        String id = runtime + "/" + UUID.randomUUID().toString().substring(0, 8);
        return id.length() <= BackgroundJobInfo.MAX_LEASE_OWNER_LENGTH
                ? id
                : id.substring(id.length() - BackgroundJobInfo.MAX_LEASE_OWNER_LENGTH);
    }

    /** Builds {@link JobOptions}. Not thread-safe. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private JobSerializer serializer = JobSerializer.defaults();
        private RetryPolicy retryPolicy = DEFAULT_RETRY_POLICY;
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
        private Duration completionRetryTimeout = DEFAULT_COMPLETION_RETRY_TIMEOUT;
        private boolean postStatusUpdates = true;
        private String workerId;

        private Builder() {}

        /**
         * @param clock the clock every time is read from (default: system UTC)
         * @return this
         * @throws NullPointerException if null
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
            return this;
        }

        /**
         * @param serializer the JSON serializer (default: {@link JobSerializer#defaults()})
         * @return this
         * @throws NullPointerException if null
         */
        public Builder serializer(JobSerializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "'serializer' cannot be null.");
            return this;
        }

        /**
         * @param retryPolicy the retry policy (default: {@link #DEFAULT_RETRY_POLICY})
         * @return this
         * @throws NullPointerException if null
         */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "'retryPolicy' cannot be null.");
            return this;
        }

        /**
         * @param leaseDuration the lease, at least 1 second (default 30 s); keep it shorter
         *     than the queue's visibility timeout
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if shorter than 1 second
         */
        public Builder leaseDuration(Duration leaseDuration) {
            Objects.requireNonNull(leaseDuration, "'leaseDuration' cannot be null.");
            if (leaseDuration.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException(
                        "'leaseDuration' must be at least 1 second, not " + leaseDuration + ".");
            }
            this.leaseDuration = leaseDuration;
            return this;
        }

        /**
         * @param progressInterval the minimum time between two progress writes (default 1 s)
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if negative
         */
        public Builder progressInterval(Duration progressInterval) {
            Objects.requireNonNull(progressInterval, "'progressInterval' cannot be null.");
            if (progressInterval.isNegative()) {
                throw new IllegalArgumentException("'progressInterval' cannot be negative.");
            }
            this.progressInterval = progressInterval;
            return this;
        }

        /**
         * @param completionRetryTimeout how long a finished attempt keeps trying to save its
         *     outcome while the store is down (default 2 min); zero tries once
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if negative
         */
        public Builder completionRetryTimeout(Duration completionRetryTimeout) {
            Objects.requireNonNull(completionRetryTimeout, "'completionRetryTimeout' cannot be null.");
            if (completionRetryTimeout.isNegative()) {
                throw new IllegalArgumentException("'completionRetryTimeout' cannot be negative.");
            }
            this.completionRetryTimeout = completionRetryTimeout;
            return this;
        }

        /**
         * @param postStatusUpdates whether to call the status hook (default true)
         * @return this
         */
        public Builder postStatusUpdates(boolean postStatusUpdates) {
            this.postStatusUpdates = postStatusUpdates;
            return this;
        }

        /**
         * @param workerId the lease owner id of this process (default: pid@host plus a random suffix)
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if blank, longer than {@value BackgroundJobInfo#MAX_LEASE_OWNER_LENGTH}
         *     characters, or containing NUL (U+0000) or an unpaired surrogate (as every lease owner,
         *     {@link JobValidation#requireLeaseOwner}); the message names {@code 'workerId'}
         */
        public Builder workerId(String workerId) {
            Objects.requireNonNull(workerId, "'workerId' cannot be null.");
            if (workerId.isBlank() || workerId.length() > BackgroundJobInfo.MAX_LEASE_OWNER_LENGTH) {
                throw new IllegalArgumentException(
                        "'workerId' must be 1-" + BackgroundJobInfo.MAX_LEASE_OWNER_LENGTH + " characters.");
            }
            // Refused here, not by the claim of every job this process runs.
            this.workerId = JobValidation.requireStorable("workerId", workerId);
            return this;
        }

        /** @return the options */
        public JobOptions build() {
            return new JobOptions(this);
        }
    }
}
