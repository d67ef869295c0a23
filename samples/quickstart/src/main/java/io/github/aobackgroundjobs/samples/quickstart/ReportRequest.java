package io.github.aobackgroundjobs.samples.quickstart;

/**
 * What a report job is asked to do.
 *
 * @param title the report's title
 * @param pages pages to render (one progress step each)
 * @param failingAttempts the first this-many attempts fail, to show retries
 */
public record ReportRequest(String title, int pages, int failingAttempts) {}
