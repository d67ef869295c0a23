package io.github.aobackgroundjobs.chaos;

/**
 * The chaos job's request: how long its body sleeps, so a kill lands mid-job.
 *
 * @param millis 50 to 500
 */
public record Nap(int millis) {}
