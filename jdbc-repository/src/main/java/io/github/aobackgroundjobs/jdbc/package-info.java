/**
 * The Jdbi repository on H2 and PostgreSQL ({@link io.github.aobackgroundjobs.jdbc.JdbiJobRepository}),
 * its schema migration ({@link io.github.aobackgroundjobs.jdbc.SchemaMigrator}) and dashboard
 * queries.
 *
 * <p>For: applications. Stability: public API; the schema is migrated by versioned scripts.
 */
package io.github.aobackgroundjobs.jdbc;
