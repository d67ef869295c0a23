package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Schema creation and migration on both databases: empty, one version behind, and racing. */
class SchemaMigrationTest {

    private static final List<String> LATEST_INDEXES = List.of(
            "user_active",
            "sweep",
            "lease",
            "created",
            "user_created",
            "status_created",
            "type_created",
            "updated",
            "completed");

    private static DataSource dataSource(RepositoryFixture.Database database) {
        return database == RepositoryFixture.Database.H2 ? TestDatabases.h2() : TestDatabases.postgresDataSource();
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void anEmptyDatabaseGetsTheLatestSchemaAndASecondRunDoesNothing(RepositoryFixture.Database database) {
        DataSource ds = dataSource(database);
        String schema = TestDatabases.uniqueName("m");
        SchemaMigrator migrator =
                SchemaMigrator.builder(ds).schema(schema).tableName("jobs").build();

        assertThat(migrator.currentVersion()).isZero();
        assertThat(migrator.migrate()).isEqualTo(SchemaMigrator.LATEST_VERSION);
        assertThat(migrator.migrate()).isEqualTo(SchemaMigrator.LATEST_VERSION);
        assertThat(migrator.currentVersion()).isEqualTo(SchemaMigrator.LATEST_VERSION);
        assertThat(versionRows(ds, schema, "jobs")).isEqualTo(SchemaMigrator.LATEST_VERSION);
        assertThat(indexNames(ds, schema))
                .containsAll(LATEST_INDEXES.stream().map(i -> "jobs_" + i).toList());
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void aDatabaseAtThePreviousVersionIsMigratedKeepingItsJobs(RepositoryFixture.Database database) {
        DataSource ds = dataSource(database);
        String schema = TestDatabases.uniqueName("m");
        SchemaMigrator migrator = SchemaMigrator.builder(ds).schema(schema).build();
        assertThat(migrator.migrateTo(SchemaMigrator.LATEST_VERSION - 1)).isEqualTo(SchemaMigrator.LATEST_VERSION - 1);
        assertThat(indexNames(ds, schema)).doesNotContain("background_jobs_created");
        JdbiJobRepository<Long> old =
                JdbiJobRepository.builder(ds).schema(schema).build();
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("Zip");
        job.setRequestData("{}");
        job.setQueueName("zip");
        job.setCreated(Instant.parse("2026-01-01T00:00:00Z"));
        long id = old.insert(job).getId();

        JdbiJobRepository<Long> upgraded = JdbiJobRepository.builder(ds)
                .schema(schema)
                .createOrMigrateSchema(true)
                .build();

        assertThat(migrator.currentVersion()).isEqualTo(SchemaMigrator.LATEST_VERSION);
        assertThat(upgraded.getJob(id).getUserName()).isEqualTo("alice");
        assertThat(indexNames(ds, schema)).contains("background_jobs_created", "background_jobs_completed");
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void migratorsStartingAtOnceOnSeparateConnectionsAllSucceed(RepositoryFixture.Database database) throws Exception {
        String schema = TestDatabases.uniqueName("m");
        int processes = 4;
        List<DataSource> sources = new ArrayList<>();
        DataSource h2 = database == RepositoryFixture.Database.H2 ? TestDatabases.h2() : null;
        for (int i = 0; i < processes; i++) {
            // On PostgreSQL each migrator has its own pool: as separate processes would.
            sources.add(h2 != null ? h2 : TestDatabases.postgresPool(1));
        }
        ExecutorService pool = Executors.newFixedThreadPool(processes);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (DataSource ds : sources) {
                SchemaMigrator migrator =
                        SchemaMigrator.builder(Jdbi.create(ds)).schema(schema).build();
                results.add(pool.submit(() -> {
                    start.await();
                    return migrator.migrate();
                }));
            }
            start.countDown();
            for (Future<Integer> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(SchemaMigrator.LATEST_VERSION);
            }
            assertThat(versionRows(sources.get(0), schema, "background_jobs")).isEqualTo(SchemaMigrator.LATEST_VERSION);
        } finally {
            pool.shutdownNow();
            for (DataSource ds : sources) {
                if (ds instanceof HikariDataSource hikari) {
                    hikari.close();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void aTableWithOtherKeysIsRefused(RepositoryFixture.Database database) {
        DataSource ds = dataSource(database);
        String schema = TestDatabases.uniqueName("m");
        SchemaMigrator.builder(ds)
                .schema(schema)
                .keyType(JobKeyType.UUID)
                .build()
                .migrate();

        assertThatThrownBy(() -> JdbiJobRepository.builder(ds)
                        .schema(schema)
                        .createOrMigrateSchema(true)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UUID")
                .hasMessageContaining("LONG");
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void namesMustBePlainIdentifiers(RepositoryFixture.Database database) {
        DataSource ds = dataSource(database);
        assertThatThrownBy(() -> JdbiJobRepository.builder(ds).tableName("jobs; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tableName'");
        assertThatThrownBy(() -> JdbiJobRepository.builder(ds).schema("1abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'schema'");
        assertThatThrownBy(() -> SchemaMigrator.builder(ds).tableName("t".repeat(41)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tableName'");
    }

    private static int versionRows(DataSource ds, String schema, String table) {
        return Jdbi.create(ds)
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + schema + "." + table + "_schema_version")
                        .mapTo(Integer.class)
                        .one());
    }

    private static List<String> indexNames(DataSource ds, String schema) {
        return Jdbi.create(ds)
                .withHandle(h -> h.createQuery("SELECT LOWER(index_name) FROM ("
                                + (isH2(h)
                                        ? "SELECT index_name, table_schema FROM information_schema.indexes"
                                        : "SELECT indexname AS index_name, schemaname AS table_schema FROM pg_indexes")
                                + ") i WHERE LOWER(table_schema) = :schema")
                        .bind("schema", schema.toLowerCase(Locale.ROOT))
                        .mapTo(String.class)
                        .list());
    }

    private static boolean isH2(org.jdbi.v3.core.Handle h) {
        try {
            return h.getConnection().getMetaData().getDatabaseProductName().contains("H2");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
