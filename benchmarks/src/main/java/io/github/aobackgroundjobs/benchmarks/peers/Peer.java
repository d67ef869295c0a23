package io.github.aobackgroundjobs.benchmarks.peers;

/**
 * One job library under the peer workload: no-op jobs enqueued while its workers run (or
 * before, for a backlog), counted when they have finished in its store.
 */
interface Peer extends AutoCloseable {

    /** @return the name in the tables */
    String name();

    /** Connects and prepares the store, without starting any worker: jobs can be enqueued. */
    void open() throws Exception;

    /** Starts the workers (already tuned); after {@link #open()}. */
    void startWorkers() throws Exception;

    /** Opens and starts the workers. */
    default void start() throws Exception {
        open();
        startWorkers();
    }

    /**
     * Enqueues one no-op job.
     *
     * @param sequence its number
     */
    void enqueue(long sequence) throws Exception;

    /**
     * Enqueues no-op jobs in one call of the library's batch method.
     *
     * @param firstSequence the first one's number
     * @param count how many, numbered on from {@code firstSequence}
     */
    void enqueueBatch(long firstSequence, int count) throws Exception;

    /** @return the batch method {@link #enqueueBatch} calls, for the tables */
    String batchMethod();

    /** @return jobs finished (succeeded) so far */
    long finished() throws Exception;

    /**
     * Enqueues one job on an idle system and waits until its body starts.
     *
     * @return nanoseconds from the enqueue call to the body starting
     */
    long pickupNanos() throws Exception;

    @Override
    void close() throws Exception;
}
