package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobKeyType;
import java.util.UUID;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;

/**
 * A repository on one of the test databases, in its own schema, with a counter of the SQL
 * statements it executed (Jdbi's and plain JDBC alike).
 */
final class RepositoryFixture<K> {

    /** Where a fixture's database lives. */
    enum Database {
        H2,
        POSTGRESQL
    }

    final Database database;
    final DataSource dataSource;
    final String schema;
    final JdbiJobRepository<K> repository;
    private final StatementCounter statements;

    private RepositoryFixture(
            Database database,
            DataSource dataSource,
            String schema,
            JdbiJobRepository<K> repository,
            StatementCounter statements) {
        this.database = database;
        this.dataSource = dataSource;
        this.schema = schema;
        this.repository = repository;
        this.statements = statements;
    }

    static RepositoryFixture<Long> longKeys(Database database) {
        return create(database, JobKeyType.LONG);
    }

    static RepositoryFixture<UUID> uuidKeys(Database database) {
        return create(database, JobKeyType.UUID);
    }

    static <K> RepositoryFixture<K> create(Database database, JobKeyType<K> keyType) {
        DataSource ds = database == Database.H2 ? TestDatabases.h2() : TestDatabases.postgresShared();
        return create(database, ds, keyType);
    }

    static <K> RepositoryFixture<K> create(Database database, DataSource ds, JobKeyType<K> keyType) {
        return create(database, ds, keyType, JdbiJobRepository.DEFAULT_GROUP_WRITES);
    }

    static <K> RepositoryFixture<K> create(
            Database database, DataSource ds, JobKeyType<K> keyType, boolean groupWrites) {
        String schema = TestDatabases.uniqueName("s");
        StatementCounter counter = new StatementCounter();
        Jdbi jdbi = Jdbi.create(counter.wrap(ds));
        JdbiJobRepository<K> repository = JdbiJobRepository.builder(jdbi)
                .keyType(keyType)
                .schema(schema)
                .groupWrites(groupWrites)
                .createOrMigrateSchema(true)
                .build();
        return new RepositoryFixture<>(database, ds, schema, repository, counter);
    }

    /** Drops what the fixture created: the H2 database, or the PostgreSQL schema. */
    void close() {
        try (java.sql.Connection c = dataSource.getConnection();
                java.sql.Statement s = c.createStatement()) {
            s.execute(database == Database.H2 ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not drop the test database", e);
        }
    }

    /** @return statements executed so far */
    int statements() {
        return statements.count();
    }

    /** Forgets the statements executed so far. */
    void resetStatements() {
        statements.reset();
    }
}
