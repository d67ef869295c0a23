/**
 * The recurring-job store on Jdbi, in the jobs' own H2 or PostgreSQL database, so that a
 * fire's claim and its job record commit in one transaction. Stable API.
 */
package io.github.aobackgroundjobs.scheduler.jdbc;
