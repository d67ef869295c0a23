/** The in-memory recurring-job store, for one process and for tests. Stable API. */
package io.github.aobackgroundjobs.scheduler.memory;
