package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.SchemaMigrator;
import io.github.aobackgroundjobs.jdbc.TestDatabases;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * docs/jdbc-schema.md read as a team that manages its own migrations: the published DDL run by
 * hand gives a table the repository works on, and the rules for other names, key types, times
 * and status numbers hold on H2 and on PostgreSQL (sessions in a zone far from UTC).
 */
class JdbcSchemaDocumentedTest {

    record Parcel(String to) {}

    record Receipt(String by) {}

    static final class ParcelJob extends BackgroundJobBase<Long, Parcel, Receipt> {
        ParcelJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Parcel.class, Receipt.class, options);
        }

        @Override
        protected Receipt onExecute(Parcel request, JobContext<Long> context) {
            if (request.to().equals("nobody")) {
                throw new IllegalStateException("no such address");
            }
            return new Receipt(request.to());
        }
    }

    /** The statements of the page's SQL blocks under one "## " heading, in order. */
    private static List<String> publishedStatements(String dialectHeading) throws IOException {
        String root = System.getProperty("backgroundjobs.root", "..");
        String page = Files.readString(Path.of(root, "docs", "jdbc-schema.md"));
        int start = page.indexOf("\n## " + dialectHeading + "\n");
        assertThat(start).as(dialectHeading + " section").isPositive();
        int end = page.indexOf("\n## ", start + 1);
        String section = end < 0 ? page.substring(start) : page.substring(start, end);
        List<String> statements = new ArrayList<>();
        Matcher block = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(section);
        while (block.find()) {
            StringBuilder sql = new StringBuilder();
            for (String line : block.group(1).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    sql.append(line).append('\n');
                }
            }
            for (String statement : sql.toString().split(";")) {
                if (!statement.isBlank()) {
                    statements.add(statement.strip());
                }
            }
        }
        return statements;
    }

    private static void run(DataSource ds, List<String> statements) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private static List<String> strings(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    // ------------------------------------------------------------------ the DDL, copied by hand

    @Test
    void thePublishedPostgresDdlRunTwiceByHandMakesATableTheRepositoryRunsJobsOn() throws Exception {
        DataSource ds = TestDatabases.postgresInNewSchema("ddl");
        List<String> ddl = publishedStatements("PostgreSQL");
        assertThat(ddl).hasSize(10);
        run(ds, ddl);
        run(ds, ddl);
        assertRunsJobsWithoutTheMigrator(ds);
        assertThat(strings(
                        ds,
                        "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema()"
                                + " AND tablename = 'background_jobs'"))
                .as("nine named indexes and the primary key")
                .containsExactly("10");
    }

    @Test
    void thePublishedH2DdlRunTwiceByHandMakesATableTheRepositoryRunsJobsOn() throws Exception {
        DataSource ds = TestDatabases.h2();
        List<String> ddl = publishedStatements("H2");
        assertThat(ddl).hasSize(10);
        run(ds, ddl);
        run(ds, ddl);
        assertRunsJobsWithoutTheMigrator(ds);
    }

    private static void assertRunsJobsWithoutTheMigrator(DataSource ds) throws SQLException {
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(ds).build();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(false)
                .build();
        ParcelJob job = new ParcelJob(repository, JobOptions.defaults());
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.SUCCEEDED);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(SchemaMigrator.builder(ds).build().currentVersion())
                .as("no version table: the migrator was never run")
                .isZero();
        // The migrator on top of a hand-made table finds every statement already done.
        assertThat(SchemaMigrator.builder(ds).build().migrate()).isEqualTo(SchemaMigrator.LATEST_VERSION);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    // ------------------------------------------------------------------ other names, other keys

    @Test
    void anotherTableNameIsUsedEverywhereAndStartsEveryIndexName() throws Exception {
        DataSource ds = TestDatabases.postgresInNewSchema("names");
        JdbiJobRepository.builder(ds)
                .tableName("parcel_jobs")
                .createOrMigrateSchema(true)
                .build();
        List<String> indexes = strings(
                ds,
                "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                        + " AND tablename = 'parcel_jobs'");
        assertThat(indexes).hasSize(10);
        assertThat(indexes).allSatisfy(name -> assertThat(name).startsWith("parcel_jobs_"));
        assertThat(strings(ds, "SELECT version FROM parcel_jobs_schema_version ORDER BY version"))
                .containsExactly("1", "2");
        assertThat(strings(
                        ds,
                        "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"
                                + " AND tablename = 'background_jobs'"))
                .containsExactly("0");
    }

    @Test
    void namesArePlainIdentifiersUsedInLowerCaseAndASchemaNameHasAtMost63Characters() throws Exception {
        DataSource ds = TestDatabases.postgresInNewSchema("case");
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(ds)
                .tableName("Parcel_Jobs_2")
                .createOrMigrateSchema(true)
                .build();
        assertThat(repository.tableName()).isEqualTo("parcel_jobs_2");
        assertThat(strings(
                        ds,
                        "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"
                                + " AND tablename = 'parcel_jobs_2'"))
                .containsExactly("1");
        var builder = JdbiJobRepository.builder(ds);
        for (String bad : List.of("2jobs", "jobs-table", "jobs table", "\"jobs\"", "")) {
            assertThatThrownBy(() -> builder.tableName(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'tableName'");
        }
        builder.schema("s".repeat(63));
        assertThatThrownBy(() -> builder.schema("s".repeat(64)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'schema'");
    }

    @Test
    void onAnotherSchemaTheMigratorCreatesItAndOnH2TheIndexesLiveThere() throws Exception {
        DataSource pg = TestDatabases.postgresInNewSchema("home");
        String schema = TestDatabases.uniqueName("jobs");
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(pg)
                .schema(schema)
                .createOrMigrateSchema(true)
                .build();
        assertThat(repository.tableName()).isEqualTo(schema + ".background_jobs");
        assertThat(strings(
                        pg,
                        "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = '" + schema
                                + "' AND tablename = 'background_jobs'"))
                .containsExactly("10");

        DataSource h2 = TestDatabases.h2();
        JdbiJobRepository.builder(h2).schema("jobs").createOrMigrateSchema(true).build();
        assertThat(strings(
                        h2,
                        "SELECT LOWER(INDEX_NAME) FROM INFORMATION_SCHEMA.INDEXES"
                                + " WHERE LOWER(TABLE_SCHEMA) = 'jobs' AND LOWER(TABLE_NAME) = 'background_jobs'"))
                .contains("background_jobs_sweep", "background_jobs_completed");
    }

    @Test
    void uuidKeysAreRandomUuidsTheRepositoryGeneratesNotTheDatabase() throws Exception {
        DataSource ds = TestDatabases.postgresInNewSchema("uuid");
        JdbiJobRepository<UUID> repository = JdbiJobRepository.builder(ds)
                .keyType(JobKeyType.UUID)
                .createOrMigrateSchema(true)
                .build();
        assertThat(strings(
                        ds,
                        "SELECT data_type || ' ' || COALESCE(column_default, 'no default') FROM information_schema.columns"
                                + " WHERE table_schema = current_schema() AND table_name = 'background_jobs'"
                                + " AND column_name = 'id'"))
                .containsExactly("uuid no default");
        QueueJobClient<UUID> client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(false)
                .build();
        UUID first = client.queueJob("parcels", "alice", new Parcel("bob"));
        UUID second = client.queueJob("parcels", "alice", new Parcel("carol"));
        assertThat(first).isNotEqualTo(second);
        assertThat(first.version()).as("random").isEqualTo(4);
        assertThat(second.version()).isEqualTo(4);
        assertThat(strings(ds, "SELECT key_type FROM background_jobs_schema_version"))
                .allSatisfy(k -> assertThat(k.toUpperCase(Locale.ROOT)).isEqualTo("UUID"));
    }

    // ------------------------------------------------------------------ versions the library does not know

    @Test
    void aNewerDatabaseIsRefusedWhenMigratingButNotReadWithoutTheMigrator() throws Exception {
        DataSource ds = TestDatabases.h2();
        SchemaMigrator.builder(ds).build().migrate();
        run(
                ds,
                List.of("INSERT INTO background_jobs_schema_version (version, description, key_type, installed_at)"
                        + " VALUES (3, 'from a newer library', 'LONG', CURRENT_TIMESTAMP)"));
        assertThatThrownBy(() -> SchemaMigrator.builder(ds).build().migrate())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JdbiJobRepository.builder(ds)
                        .createOrMigrateSchema(true)
                        .build())
                .isInstanceOf(IllegalStateException.class);
        assertThat(JdbiJobRepository.builder(ds).build().getClass()).isEqualTo(JdbiJobRepository.class);
    }

    @Test
    void aRepositoryBuiltWithoutTheMigratorDoesNotReadTheTablesKeyType() {
        DataSource ds = TestDatabases.h2();
        JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        JdbiJobRepository<UUID> mismatched =
                JdbiJobRepository.builder(ds).keyType(JobKeyType.UUID).build();
        assertThat(mismatched.keyType()).isEqualTo(JobKeyType.UUID);
        assertThatThrownBy(() -> JdbiJobRepository.builder(ds)
                        .keyType(JobKeyType.UUID)
                        .createOrMigrateSchema(true)
                        .build())
                .isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ times and status numbers

    @Test
    void timesAreUtcInstantsAtMicrosecondsWhateverTheSessionZone() throws Exception {
        DataSource ds = TestDatabases.postgresInNewSchema("times");
        assertThat(strings(ds, "SHOW TimeZone")).containsExactly(TestDatabases.SESSION_ZONE.getId());
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        Instant at = Instant.parse("2026-12-07T23:59:59.123456789Z");
        SettableClock clock = new SettableClock(at, ZoneOffset.UTC);
        QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                .clock(clock)
                .writeSentMarksBehind(false)
                .build();
        long id = client.queueJob("parcels", "alice", new Parcel("bob"));
        Instant micros = Instant.parse("2026-12-07T23:59:59.123456Z");
        assertThat(repository.getJob(id).getCreated()).isEqualTo(micros);
        assertThat(strings(
                        ds,
                        "SELECT to_char(created AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') FROM background_jobs"))
                .containsExactly("2026-12-07 23:59:59.123456");
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT created FROM background_jobs")) {
            rs.next();
            assertThat(rs.getObject(1, OffsetDateTime.class).toInstant()).isEqualTo(micros);
        }
    }

    @Test
    void theStatusColumnHoldsTheStatusCode() throws Exception {
        assertThat(List.of(JobStatus.values())).extracting(JobStatus::code).containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(List.of(JobStatus.values()))
                .containsExactly(
                        JobStatus.PENDING,
                        JobStatus.RUNNING,
                        JobStatus.SUCCEEDED,
                        JobStatus.FAILED,
                        JobStatus.ABORTED,
                        JobStatus.CANCELLED);
        DataSource ds = TestDatabases.postgresInNewSchema("codes");
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .writeSentMarksBehind(false)
                .build();
        ParcelJob job = new ParcelJob(
                repository, JobOptions.builder().retryPolicy(RetryPolicy.none()).build());
        long pending = client.queueJob("parcels", "alice", new Parcel("bob"));
        long succeeded = client.queueJob("parcels", "alice", new Parcel("bob"));
        job.execute(succeeded);
        long failed = client.queueJob("parcels", "alice", new Parcel("nobody"));
        job.execute(failed);
        long cancelled = client.queueJob("parcels", "alice", new Parcel("bob"));
        client.cancel(cancelled);
        assertThat(strings(
                        ds,
                        "SELECT status FROM background_jobs WHERE id IN (" + pending + ", " + succeeded + ", " + failed
                                + ", " + cancelled + ") ORDER BY id"))
                .containsExactly("0", "2", "3", "5");
        assertThat(strings(
                        ds,
                        "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema()"
                                + " AND table_name = 'background_jobs' AND column_name = 'request_data'"))
                .containsExactly("text");
        assertThat(strings(ds, "SELECT request_data FROM background_jobs WHERE id = " + pending))
                .containsExactly(repository.getJob(pending).getRequestData());
    }
}
