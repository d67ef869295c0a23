package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.internal.JobStore;
import io.github.aobackgroundjobs.internal.Waits;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds jobs whose message is missing and sends it again: PENDING jobs never confirmed sent
 * (the process died between insert and send), PENDING jobs whose message has been out longer
 * than a threshold (lost, or moved to poison; unless {@link Builder#resendStaleSent} is off),
 * and RUNNING jobs whose lease expired long ago (their worker died and the message is gone). A
 * job re-sent {@link Builder#maxSends} times is ABORTED with the reason instead. A RUNNING job
 * whose cancel was requested is ended CANCELLED as soon as its lease has expired: its worker is
 * gone and its user asked it to stop. Duplicates are harmless: the claim lets one run.
 *
 * <p>Run {@link #sweepOnce()} on a timer: every {@link QueueWorker} does by default (see
 * {@link QueueWorker.Builder#sweeper}), and under Azure Functions a timer trigger does.
 * Immutable and thread-safe; two sweepers at once only send duplicates.
 *
 * @param <K> the key type
 */
public final class JobSweeper<K> {

    private static final Logger LOG = LoggerFactory.getLogger(JobSweeper.class);

    /** Default age of a never-sent PENDING record before it is sent. */
    public static final Duration DEFAULT_UNSENT_GRACE = Duration.ofMinutes(1);
    /** Default time a due job's message may be out before it is presumed lost. */
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(15);
    /** Default number of sends after which a job is given up. */
    public static final int DEFAULT_MAX_SENDS = 5;
    /** Default number of jobs handled by one sweep. */
    public static final int DEFAULT_BATCH_SIZE = 200;

    private final JobRepositoryBase<K> repository;
    private final JobQueue queue;
    private final Clock clock;
    private final JobSerializer serializer;
    private final JobMessageCodec<K> codec;
    private final JobStore<K> store;
    private final Duration unsentGrace;
    private final Duration staleAfter;
    private final int maxSends;
    private final int batchSize;
    private final boolean resendStaleSent;

    private JobSweeper(Builder<K> b) {
        this.repository = b.repository;
        this.queue = b.queue;
        this.clock = b.clock;
        this.serializer = b.serializer;
        this.codec = new JobMessageCodec<>(repository.keyType());
        this.store = new JobStore<>(repository, clock, serializer);
        this.unsentGrace = b.unsentGrace;
        this.staleAfter = b.staleAfter;
        this.maxSends = b.maxSends;
        this.batchSize = b.batchSize;
        this.resendStaleSent = b.resendStaleSent;
    }

    /**
     * @param repository the records
     * @param queue where messages are sent
     * @param <K> the key type
     * @return a builder
     * @throws NullPointerException if an argument is null
     */
    public static <K> Builder<K> builder(JobRepositoryBase<K> repository, JobQueue queue) {
        return new Builder<>(repository, queue);
    }

    /**
     * One pass: re-sends, gives up or cancels every job found, at most a batch. A RUNNING job
     * whose lease expired less than {@code staleAfter} ago is left alone (its own message
     * normally comes back and its next claim takes it over), unless its cancel was requested.
     *
     * @return what was done
     * @throws JobStoreUnavailableException if the store cannot be reached
     */
    public SweepReport sweepOnce() {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(staleAfter);
        List<BackgroundJobInfo<K>> candidates = repository.findSweepCandidates(
                now.minus(unsentGrace), resendStaleSent ? staleBefore : null, now, batchSize);
        int found = 0;
        int resent = 0;
        int abandoned = 0;
        int cancelled = 0;
        int failed = 0;
        for (BackgroundJobInfo<K> job : candidates) {
            boolean running = job.getStatus() == JobStatus.RUNNING;
            if (running && !job.isCancelRequested() && !job.getLeaseExpiresAt().isBefore(staleBefore)) {
                continue;
            }
            found++;
            try {
                if (running && job.isCancelRequested()) {
                    CancelResult result = store.requestCancel(job.getId());
                    if (result == CancelResult.CANCELLED) {
                        cancelled++;
                        LOG.info("Job {}: its cancel was requested and its worker is gone: CANCELLED", job.getId());
                        continue;
                    }
                    if (result != CancelResult.REQUESTED) {
                        continue;
                    }
                    // A store that keeps the job RUNNING: the claim of a fresh message cancels it.
                }
                if (job.getStatus() == JobStatus.PENDING && job.getSendCount() >= maxSends) {
                    String reason = "Gave up after " + job.getSendCount() + " messages were sent and none was processed"
                            + " (lost or moved to the poison queue).";
                    if (store.abort(job.getId(), ErrorInfo.reason(reason, "sweeping", job.getAttempts()))) {
                        abandoned++;
                        LOG.warn("Job {}: {}", job.getId(), reason);
                    }
                    continue;
                }
                Duration delay = job.getStatus() == JobStatus.PENDING
                                && job.getNextAttemptAt() != null
                                && job.getNextAttemptAt().isAfter(now)
                        ? Duration.between(now, job.getNextAttemptAt())
                        : Duration.ZERO;
                queue.send(job.getQueueName(), codec.encode(job.getId()), delay);
                if (job.getStatus() == JobStatus.PENDING) {
                    store.markSent(job.getId(), job.getQueueName());
                }
                resent++;
                LOG.info(
                        "Job {}: message re-sent to '{}' ({} {})",
                        job.getId(),
                        job.getQueueName(),
                        job.getStatus(),
                        running ? "lease expired" : job.getSentAt() == null ? "never sent" : "message presumed lost");
            } catch (JobQueueUnavailableException e) {
                failed++;
                LOG.warn("Job {}: re-send to '{}' failed; next sweep tries again", job.getId(), job.getQueueName(), e);
            }
        }
        return new SweepReport(found, resent, abandoned, failed, cancelled);
    }

    /**
     * What one sweep did.
     *
     * @param found jobs found that needed something done
     * @param resent messages re-sent
     * @param abandoned jobs given up as ABORTED
     * @param failed re-sends that failed (queue unreachable)
     * @param cancelled RUNNING jobs whose worker was gone and whose cancel was requested, now CANCELLED
     */
    public record SweepReport(int found, int resent, int abandoned, int failed, int cancelled) {}

    /**
     * Builds a {@link JobSweeper}. Not thread-safe.
     *
     * @param <K> the key type
     */
    public static final class Builder<K> {
        private final JobRepositoryBase<K> repository;
        private final JobQueue queue;
        private Clock clock = Clock.systemUTC();
        private JobSerializer serializer = JobSerializer.defaults();
        private Duration unsentGrace = DEFAULT_UNSENT_GRACE;
        private Duration staleAfter = DEFAULT_STALE_AFTER;
        private int maxSends = DEFAULT_MAX_SENDS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private boolean resendStaleSent = true;

        private Builder(JobRepositoryBase<K> repository, JobQueue queue) {
            this.repository = Objects.requireNonNull(repository, "'repository' cannot be null.");
            this.queue = Objects.requireNonNull(queue, "'queue' cannot be null.");
        }

        /**
         * @param clock the clock (default: system UTC)
         * @return this
         */
        public Builder<K> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
            return this;
        }

        /**
         * @param serializer the serializer for error data
         * @return this
         */
        public Builder<K> serializer(JobSerializer serializer) {
            this.serializer = Objects.requireNonNull(serializer, "'serializer' cannot be null.");
            return this;
        }

        /**
         * @param unsentGrace age of a never-sent PENDING record before it is sent (default 1 min);
         *     longer than the slowest insert-to-send of a healthy client; more than zero
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if zero or negative (the message names {@code 'unsentGrace'})
         */
        public Builder<K> unsentGrace(Duration unsentGrace) {
            this.unsentGrace = positive(unsentGrace, "unsentGrace");
            return this;
        }

        /**
         * @param staleAfter time a due job's message may be out before it is presumed lost, and
         *     time since a RUNNING job's lease expired before its message is presumed lost
         *     (default 15 min); longer than the worst queue backlog, or jobs get duplicate messages
         *     (and, after {@code maxSends} of them, are given up); more than zero
         * @return this
         * @throws NullPointerException if null
         * @throws IllegalArgumentException if zero or negative (the message names {@code 'staleAfter'})
         */
        public Builder<K> staleAfter(Duration staleAfter) {
            this.staleAfter = positive(staleAfter, "staleAfter");
            return this;
        }

        /**
         * Whether a PENDING job whose message has been out longer than {@code staleAfter} is sent
         * again (default true). Off, the sweeper never touches a job merely waiting in a queue's
         * backlog, however long: it re-sends only jobs never confirmed sent and RUNNING jobs whose
         * lease expired. The sweeper a {@link QueueWorker} runs by default has it off.
         *
         * @param resend false to leave sent PENDING jobs alone
         * @return this
         */
        public Builder<K> resendStaleSent(boolean resend) {
            this.resendStaleSent = resend;
            return this;
        }

        /**
         * @param maxSends sends after which a PENDING job is given up (default 5), at least 1
         * @return this
         * @throws IllegalArgumentException if below 1 (the message names {@code 'maxSends'})
         */
        public Builder<K> maxSends(int maxSends) {
            if (maxSends < 1) {
                throw new IllegalArgumentException("'maxSends' must be at least 1.");
            }
            this.maxSends = maxSends;
            return this;
        }

        /**
         * @param batchSize jobs handled per sweep (default 200), 1 to 10,000
         * @return this
         * @throws IllegalArgumentException if out of that range (the message names {@code 'batchSize'})
         */
        public Builder<K> batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("'batchSize' must be between 1 and 10000.");
            }
            this.batchSize = batchSize;
            return this;
        }

        /** @return the sweeper */
        public JobSweeper<K> build() {
            return new JobSweeper<>(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, "'" + name + "' cannot be null.");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("'" + name + "' must be positive.");
            }
            // Longer ones (ChronoUnit.FOREVER's) would put the sweep's bounds before the first instant.
            return Waits.capped(d);
        }
    }
}
