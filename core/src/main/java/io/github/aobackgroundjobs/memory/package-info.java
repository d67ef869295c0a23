/**
 * The stock in-memory repository and queue: for tests, demos and single-process applications
 * whose jobs need not survive a restart. They pass the same contract suites as the database
 * repository and the Azure queue.
 *
 * <p>For: applications and tests. Stability: public API.
 */
package io.github.aobackgroundjobs.memory;
