package io.github.aobackgroundjobs.micrometer.documented;

/** The request of the metrics documents' example job: its type name is {@code ReportRequest}. */
record ReportRequest(String period) {}
