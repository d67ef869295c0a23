package io.github.aobackgroundjobs.scheduler.docs;

/**
 * The request of the documentation's report job.
 *
 * @param period which report
 */
public record ReportRequest(String period) {}
