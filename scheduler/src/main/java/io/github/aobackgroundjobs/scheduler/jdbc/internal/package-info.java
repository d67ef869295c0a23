/** SQL, schema migration and row mapping of the Jdbi recurring-job store. No compatibility promise. */
package io.github.aobackgroundjobs.scheduler.jdbc.internal;
