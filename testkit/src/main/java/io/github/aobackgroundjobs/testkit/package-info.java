/**
 * JUnit 5 contract suites for custom repositories and queues: extend
 * {@link io.github.aobackgroundjobs.testkit.JobRepositoryContractTest},
 * {@link io.github.aobackgroundjobs.testkit.JobQueryRepositoryContractTest},
 * {@link io.github.aobackgroundjobs.testkit.JobQueueContractTest} or
 * {@link io.github.aobackgroundjobs.testkit.OutcomeContractTest} and supply your implementation.
 * Every assertion states the rule it checks.
 *
 * <p>For: implementers of a custom repository or queue (test scope). Stability: public API; new
 * rules arrive as new tests.
 */
package io.github.aobackgroundjobs.testkit;
