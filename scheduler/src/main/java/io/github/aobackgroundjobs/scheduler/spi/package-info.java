/**
 * For those who keep recurring definitions in a store of their own: the {@link
 * io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore} contract and the values it
 * exchanges. Stable within a minor version; new methods come with a default.
 */
package io.github.aobackgroundjobs.scheduler.spi;
