package io.github.aobackgroundjobs.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** The transactional form of queueing on a real PostgreSQL, sessions in a non-UTC zone. */
class PostgresApplicationTransactionTest extends ApplicationTransactionContract {

    @Override
    RepositoryFixture<Long> fixture() {
        return RepositoryFixture.longKeys(RepositoryFixture.Database.POSTGRESQL);
    }

    @Override
    DataSource otherDatabase() {
        String name = TestDatabases.uniqueName("other");
        try (Connection c = TestDatabases.postgresDataSource().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        PGSimpleDataSource ds = TestDatabases.postgresDataSource();
        ds.setDatabaseName(name);
        return ds;
    }
}
