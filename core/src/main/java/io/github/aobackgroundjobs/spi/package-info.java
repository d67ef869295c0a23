/**
 * The service provider interface for custom stores and queues: what a repository
 * ({@link io.github.aobackgroundjobs.spi.JobRepositoryBase}, optionally
 * {@link io.github.aobackgroundjobs.spi.JobQueryRepository} for the dashboard) or a queue
 * ({@link io.github.aobackgroundjobs.spi.JobQueue}) implements, and the value types their methods
 * take and return. The testkit module's contract suites prove an implementation; the rules they
 * check are stated on each method.
 *
 * <p>For: implementers of a custom repository or queue, and applications that pass a repository
 * around. Stability: public SPI; a new method comes with a default (or an optional capability
 * interface) and its own contract tests, so existing implementations keep compiling and working.
 */
package io.github.aobackgroundjobs.spi;
