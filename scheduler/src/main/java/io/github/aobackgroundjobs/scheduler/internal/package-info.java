/** The scheduler's engine: schedule evaluation, fire planning and retention runs. No compatibility promise. */
package io.github.aobackgroundjobs.scheduler.internal;
