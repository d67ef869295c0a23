package io.github.aobackgroundjobs.benchmarks.e2e;

/**
 * One way of running no-op jobs from Azurite into PostgreSQL: a producer side
 * ({@link #enqueue}, called from several threads) and a worker side started with a number of
 * job threads.
 */
interface Pipeline extends AutoCloseable {

    /** @return a short name for the tables */
    String name();

    /** Starts the worker side. */
    void start() throws Exception;

    /**
     * Queues one job (record, message, sent mark).
     *
     * @param sequence a number carried in the request
     */
    void enqueue(long sequence) throws Exception;

    @Override
    void close() throws Exception;
}
