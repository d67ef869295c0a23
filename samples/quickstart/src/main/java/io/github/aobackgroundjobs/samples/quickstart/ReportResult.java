package io.github.aobackgroundjobs.samples.quickstart;

/**
 * What a report job produced.
 *
 * @param fileName the rendered file
 * @param pages pages rendered
 */
public record ReportResult(String fileName, int pages) {}
