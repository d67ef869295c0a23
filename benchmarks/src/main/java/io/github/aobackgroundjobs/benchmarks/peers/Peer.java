package io.github.aobackgroundjobs.benchmarks.peers;

/**
 * One job library under the peer workload: no-op jobs enqueued from one thread while its
 * workers run, counted when they have finished in its store.
 */
interface Peer extends AutoCloseable {

    /** @return the name in the tables */
    String name();

    /** Starts the workers (already tuned). */
    void start() throws Exception;

    /**
     * Enqueues one no-op job.
     *
     * @param sequence its number
     */
    void enqueue(long sequence) throws Exception;

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
