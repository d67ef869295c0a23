package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.jdbc.internal.StoreErrors;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A database that is down or does not answer gives {@link JobStoreUnavailableException}, quickly,
 * never a hang; a bug in SQL or bad data does not.
 */
class UnavailableDatabaseTest {

    @Test
    void aStatementBlockedPastTheQueryTimeoutReportsTheStoreUnavailable() throws Exception {
        RepositoryFixture<Long> fixture = RepositoryFixture.create(
                RepositoryFixture.Database.POSTGRESQL, TestDatabases.postgresShared(), JobKeyType.LONG);
        JdbiJobRepository<Long> repo = JdbiJobRepository.builder(fixture.dataSource)
                .schema(fixture.schema)
                .queryTimeout(Duration.ofSeconds(1))
                .build();
        long id = repo.insert(job()).getId();
        try (Connection locker = TestDatabases.postgresDataSource().getConnection();
                Statement st = locker.createStatement()) {
            locker.setAutoCommit(false);
            st.execute("SELECT id FROM " + repo.tableName() + " WHERE id = " + id + " FOR UPDATE");
            long start = System.nanoTime();
            assertThatThrownBy(() -> repo.markSent(id, Instant.now()))
                    .isInstanceOf(JobStoreUnavailableException.class)
                    .hasMessageContaining("markSent");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            locker.rollback();
        }
        assertThat(repo.markSent(id, Instant.now())).isTrue();
    }

    @Test
    void aPostgresqlServerThatIsNotThereFailsFast() throws Exception {
        RepositoryFixture<Long> fixture = RepositoryFixture.longKeys(RepositoryFixture.Database.POSTGRESQL);
        PGSimpleDataSource down = TestDatabases.postgresDataSource(freePort());
        long start = System.nanoTime();
        assertThatThrownBy(() -> JdbiJobRepository.builder(down).build())
                .isInstanceOf(JobStoreUnavailableException.class);
        assertThatThrownBy(() -> SchemaMigrator.builder(down).build().migrate())
                .isInstanceOf(JobStoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(fixture.repository.databaseProduct()).isEqualTo("PostgreSQL");
    }

    @Test
    void anH2ServerThatIsNotThereFailsFast() throws Exception {
        JdbcDataSource down = new JdbcDataSource();
        down.setURL("jdbc:h2:tcp://127.0.0.1:" + freePort() + "/mem:absent");
        assertThatThrownBy(() -> JdbiJobRepository.builder(down).build())
                .isInstanceOf(JobStoreUnavailableException.class);
    }

    @Test
    void aClosedH2DatabaseIsUnavailableButASqlErrorIsNot() throws Exception {
        JdbcDataSource ds = (JdbcDataSource) TestDatabases.h2();
        ds.setURL(ds.getURL().replace(";DB_CLOSE_DELAY=-1", ";DB_CLOSE_DELAY=-1;IFEXISTS=TRUE"));
        JdbcDataSource creating = (JdbcDataSource) TestDatabases.h2();
        creating.setURL(ds.getURL().replace(";IFEXISTS=TRUE", ""));
        JdbiJobRepository<Long> repo = JdbiJobRepository.builder((DataSource) creating)
                .createOrMigrateSchema(true)
                .build();
        JdbiJobRepository<Long> existingOnly =
                JdbiJobRepository.builder((DataSource) ds).build();
        repo.checkAvailable();
        try (Connection c = ds.getConnection();
                Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        }
        assertThatThrownBy(existingOnly::checkAvailable).isInstanceOf(JobStoreUnavailableException.class);

        SQLException syntax = new SQLException("syntax error", "42601");
        assertThat(StoreErrors.isUnavailable(syntax)).isFalse();
        assertThat(StoreErrors.isUnavailable(new SQLException("admin shutdown", "57P01")))
                .isTrue();
        assertThat(StoreErrors.isUnavailable(new SQLException("connection failure", "08006")))
                .isTrue();
        assertThat(StoreErrors.isUnavailable(new RuntimeException(new java.net.ConnectException())))
                .isTrue();
    }

    private static BackgroundJobInfo<Long> job() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("Zip");
        job.setRequestData("{}");
        job.setQueueName("zip");
        job.setCreated(Instant.parse("2026-01-01T00:00:00Z"));
        return job;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
