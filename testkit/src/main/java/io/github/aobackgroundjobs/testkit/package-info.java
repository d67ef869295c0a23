/**
 * JUnit 5 contract suites for custom repositories and queues: extend
 * {@link io.github.aobackgroundjobs.testkit.JobRepositoryContractTest},
 * {@link io.github.aobackgroundjobs.testkit.JobQueryRepositoryContractTest},
 * {@link io.github.aobackgroundjobs.testkit.RecoveryQueriesContractTest},
 * {@link io.github.aobackgroundjobs.testkit.JobQueueContractTest} or
 * {@link io.github.aobackgroundjobs.testkit.OutcomeContractTest} and supply your implementation.
 * Every assertion states the rule it checks. For tests of your own:
 * {@link io.github.aobackgroundjobs.testkit.JobRepositoryFixture} builds records in a given state,
 * {@link io.github.aobackgroundjobs.testkit.ForwardingJobQueue} injects a fault into one queue
 * operation, {@link io.github.aobackgroundjobs.testkit.ConcurrentRunner} races threads.
 *
 * <p>For: implementers of a custom repository or queue (test scope). Stability: public API; new
 * rules arrive as new tests.
 */
package io.github.aobackgroundjobs.testkit;
