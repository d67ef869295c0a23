package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.jdbc.internal.Dialect;
import io.github.aobackgroundjobs.jdbc.internal.Identifiers;
import io.github.aobackgroundjobs.jdbc.internal.SchemaScripts;
import io.github.aobackgroundjobs.jdbc.internal.SchemaScripts.Script;
import io.github.aobackgroundjobs.jdbc.internal.SqlValues;
import io.github.aobackgroundjobs.jdbc.internal.StoreAccess;
import io.github.aobackgroundjobs.jdbc.internal.StoreErrors;
import io.github.aobackgroundjobs.jdbc.internal.TableNames;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the jobs table or brings it to the latest schema version, from the versioned SQL
 * scripts shipped in this jar. The versions applied are recorded in
 * {@code <table>_schema_version}; running it again does nothing.
 *
 * <p>Safe when several processes start at once: on PostgreSQL the whole migration runs in one
 * transaction under a transaction-scoped advisory lock (the others wait, then find nothing to
 * do); on H2 every statement is idempotent ({@code IF NOT EXISTS}, {@code MERGE}) and migrations
 * within one JVM are serialized. Teams that run their own migrations (Flyway, Liquibase) use
 * the DDL in {@code docs/jdbc-schema.md} instead and never call this.
 *
 * <p>Immutable and thread-safe.
 */
public final class SchemaMigrator {

    /** The schema version this library expects. */
    public static final int LATEST_VERSION = 2;
    /** How long a migration waits for another process's migration before giving up, in seconds. */
    public static final int LOCK_TIMEOUT_SECONDS = 120;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);
    private static final Object H2_LOCK = new Object();

    private final Jdbi jdbi;
    private final TableNames names;
    private final JobKeyType<?> keyType;
    private final Clock clock;

    private SchemaMigrator(Builder builder) {
        this.jdbi = builder.jdbi;
        this.names = new TableNames(builder.schema, builder.tableName);
        this.keyType = builder.keyType;
        this.clock = builder.clock;
    }

    /**
     * @param dataSource the database
     * @return a builder
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(Jdbi.create(Objects.requireNonNull(dataSource, "'dataSource' cannot be null.")));
    }

    /**
     * @param jdbi the database, as a configured Jdbi instance
     * @return a builder
     */
    public static Builder builder(Jdbi jdbi) {
        return new Builder(Objects.requireNonNull(jdbi, "'jdbi' cannot be null."));
    }

    /**
     * Brings the schema to {@link #LATEST_VERSION}.
     *
     * @return the schema version now in the database
     * @throws IllegalStateException if the database's schema is newer than this library, or its
     *     key type is not the configured one
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the database cannot be reached
     */
    public int migrate() {
        return migrateTo(LATEST_VERSION);
    }

    /**
     * Brings the schema to a given version (for staged upgrades and tests); versions are only
     * ever added, never undone.
     *
     * @param target the version to reach, 1..{@link #LATEST_VERSION}
     * @return the schema version now in the database
     * @throws IllegalArgumentException if {@code target} is out of range
     * @throws IllegalStateException as {@link #migrate()}
     */
    public int migrateTo(int target) {
        if (target < 1 || target > LATEST_VERSION) {
            throw new IllegalArgumentException(
                    "'target' must be between 1 and " + LATEST_VERSION + ", not " + target + ".");
        }
        try {
            return StoreAccess.inAutoCommit(jdbi, h -> {
                Dialect dialect = Dialect.detect(h);
                if (dialect == Dialect.POSTGRESQL) {
                    return StoreAccess.inTransaction(h, tx -> {
                        tx.createQuery("SELECT pg_advisory_xact_lock(:key)")
                                .setQueryTimeout(LOCK_TIMEOUT_SECONDS)
                                .bind("key", lockKey())
                                .mapTo(String.class)
                                .one();
                        return apply(tx, dialect, target);
                    });
                }
                synchronized (H2_LOCK) {
                    return apply(h, dialect, target);
                }
            });
        } catch (RuntimeException e) {
            throw StoreErrors.translate("migrating the schema", e);
        }
    }

    /**
     * Reads the schema version of the database.
     *
     * @return the highest version applied, 0 if none
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the database cannot be reached
     */
    public int currentVersion() {
        try {
            return StoreAccess.inAutoCommit(jdbi, h -> {
                if (!versionTableExists(h)) {
                    return 0;
                }
                return readVersion(h);
            });
        } catch (RuntimeException e) {
            throw StoreErrors.translate("reading the schema version", e);
        }
    }

    private int apply(Handle h, Dialect dialect, int target) {
        if (names.schema() != null) {
            h.execute("CREATE SCHEMA IF NOT EXISTS " + names.schema());
        }
        h.execute("CREATE TABLE IF NOT EXISTS " + names.qualifiedVersionTable() + " (version INTEGER PRIMARY KEY,"
                + " description VARCHAR(200) NOT NULL, key_type VARCHAR(10) NOT NULL,"
                + " installed_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        int current = readVersion(h);
        if (current > LATEST_VERSION) {
            throw new IllegalStateException("The schema of " + names.qualifiedTable() + " is at version " + current
                    + ", newer than this library's " + LATEST_VERSION + ": upgrade the library.");
        }
        String key = keyType.javaType().getSimpleName().toUpperCase(java.util.Locale.ROOT);
        List<String> keys = h.createQuery("SELECT DISTINCT key_type FROM " + names.qualifiedVersionTable())
                .mapTo(String.class)
                .list();
        if (!keys.isEmpty() && !keys.contains(key)) {
            throw new IllegalStateException("Table " + names.qualifiedTable() + " has " + keys
                    + " keys, but the repository is configured for " + key + " keys.");
        }
        List<Script> scripts = SchemaScripts.load(dialect, names.qualifiedTable(), names.indexPrefix(dialect), keyType);
        String record = dialect == Dialect.H2
                ? "MERGE INTO " + names.qualifiedVersionTable() + " (version, description, key_type, installed_at)"
                        + " KEY (version) VALUES (:version, :description, :key, :at)"
                : "INSERT INTO " + names.qualifiedVersionTable() + " (version, description, key_type, installed_at)"
                        + " VALUES (:version, :description, :key, :at)";
        for (Script script : scripts) {
            if (script.version() <= current || script.version() > target) {
                continue;
            }
            LOG.info(
                    "Migrating {} to schema version {}: {}",
                    names.qualifiedTable(),
                    script.version(),
                    script.description());
            for (String statement : script.statements()) {
                h.execute(statement);
            }
            h.createUpdate(record)
                    .bind("version", script.version())
                    .bind("description", script.description())
                    .bind("key", key)
                    .bind("at", SqlValues.instant(clock.instant()))
                    .execute();
            current = script.version();
        }
        return Math.max(current, readVersion(h));
    }

    private int readVersion(Handle h) {
        return h.createQuery("SELECT COALESCE(MAX(version), 0) FROM " + names.qualifiedVersionTable())
                .mapTo(Integer.class)
                .one();
    }

    private boolean versionTableExists(Handle h) {
        try {
            readVersion(h);
            return true;
        } catch (RuntimeException e) {
            if (StoreErrors.isUnavailable(e)) {
                throw e;
            }
            return false;
        }
    }

    private long lockKey() {
        // A fixed namespace in the high bits keeps this lock apart from the application's own advisory locks.
        return (0x42474A4FL << 32) | (names.qualifiedTable().hashCode() & 0xFFFFFFFFL);
    }

    /** Configures a {@link SchemaMigrator}. Not thread-safe. */
    public static final class Builder {
        private final Jdbi jdbi;
        private String schema;
        private String tableName = JdbiJobRepository.DEFAULT_TABLE_NAME;
        private JobKeyType<?> keyType = JobKeyType.LONG;
        private Clock clock = Clock.systemUTC();

        private Builder(Jdbi jdbi) {
            this.jdbi = jdbi;
        }

        /**
         * @param schema the schema to create the table in (created if missing), or null for the connection's default
         * @return this
         * @throws IllegalArgumentException naming {@code 'schema'} if not a plain SQL identifier, or a
         *     reserved word of H2 or PostgreSQL ({@code user}, {@code order})
         */
        public Builder schema(String schema) {
            this.schema =
                    schema == null ? null : Identifiers.require("schema", schema, Identifiers.MAX_SCHEMA_NAME_LENGTH);
            return this;
        }

        /**
         * @param tableName the jobs table (default {@value JdbiJobRepository#DEFAULT_TABLE_NAME})
         * @return this
         * @throws IllegalArgumentException naming {@code 'tableName'} if not a plain SQL identifier of at
         *     most 40 characters, or a reserved word of H2 or PostgreSQL ({@code user}, {@code order})
         */
        public Builder tableName(String tableName) {
            this.tableName = Identifiers.require("tableName", tableName, Identifiers.MAX_TABLE_NAME_LENGTH);
            return this;
        }

        /**
         * @param keyType the key type of the table's id column (default {@link JobKeyType#LONG})
         * @return this
         */
        public Builder keyType(JobKeyType<?> keyType) {
            this.keyType = Objects.requireNonNull(keyType, "'keyType' cannot be null.");
            return this;
        }

        /**
         * @param clock the clock for the installed-at column (default the system UTC clock)
         * @return this
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "'clock' cannot be null.");
            return this;
        }

        /** @return the migrator */
        public SchemaMigrator build() {
            return new SchemaMigrator(this);
        }
    }
}
