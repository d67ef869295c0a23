/**
 * The engine: the job runner behind {@code BackgroundJobBase.execute}, the store that writes and
 * publishes each change, the running job's context, timers, webhook sending.
 *
 * <p>For: this library only. Stability: none; any class may change or go in any release. Not
 * exported by the module.
 */
package io.github.aobackgroundjobs.internal;
