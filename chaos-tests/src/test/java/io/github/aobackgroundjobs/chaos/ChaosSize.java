package io.github.aobackgroundjobs.chaos;

import java.time.Duration;

/**
 * How big a chaos run is. {@link #ci()} runs in the build (a few minutes on 2 cores);
 * {@link #full()} is the documented full-size run, chosen with {@code -Dchaos.size=full}.
 *
 * @param name ci or full
 * @param jobs jobs queued by the producer process
 * @param duplicatePercent share of jobs whose message is sent twice
 * @param kills SIGKILLs of a worker while it runs a job
 * @param postgresRestarts PostgreSQL restarts
 * @param azuriteRestarts graceful Azurite restarts (disk persistence)
 * @param malformed malformed messages sent next to the jobs
 * @param concurrency jobs run at once per worker process
 * @param lease the jobs' lease
 * @param visibilityTimeout the worker's message visibility timeout (longer than the lease)
 * @param timeout the longest the whole run may take
 */
record ChaosSize(
        String name,
        int jobs,
        int duplicatePercent,
        int kills,
        int postgresRestarts,
        int azuriteRestarts,
        int malformed,
        int concurrency,
        Duration lease,
        Duration visibilityTimeout,
        Duration timeout) {

    static ChaosSize ci() {
        return new ChaosSize(
                "ci", 1_000, 5, 3, 1, 1, 5, 8, Duration.ofSeconds(3), Duration.ofSeconds(6), Duration.ofMinutes(3));
    }

    static ChaosSize full() {
        return new ChaosSize(
                "full",
                10_000,
                10,
                20,
                1,
                1,
                5,
                8,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofMinutes(25));
    }

    /** @return the size named by the system property {@code chaos.size} (default ci) */
    static ChaosSize fromSystemProperty() {
        String size = System.getProperty("chaos.size", "ci");
        return switch (size) {
            case "ci", "" -> ci();
            case "full" -> full();
            default -> throw new IllegalArgumentException("'chaos.size' must be ci or full, not '" + size + "'.");
        };
    }
}
