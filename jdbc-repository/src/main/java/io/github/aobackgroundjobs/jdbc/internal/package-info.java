/**
 * SQL text, row mapping, grouped writes and connection handling of the Jdbi repository.
 *
 * <p>For: this library only. Stability: none. Not exported by the module.
 */
package io.github.aobackgroundjobs.jdbc.internal;
