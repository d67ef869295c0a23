package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.JobRepositoryContractTest;
import io.github.aobackgroundjobs.testkit.JobRepositoryFixture;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * What docs/jdbc-schema.md and the JDBC half of docs/custom-repository.md promise, read as a new
 * user: the schema the migrator makes on H2 and PostgreSQL, the builder's name rules, and the
 * SPI rules on a real database.
 */
class DocumentedRulesTest {

    private static DataSource h2() {
        return TestDatabases.h2();
    }

    /** A schema of its own on the shared embedded server, whose sessions run far from UTC. */
    private static DataSource postgres() {
        return TestDatabases.postgresInNewSchema("documented");
    }

    private static void exec(DataSource ds, String sql) {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> strings(DataSource ds, String sql) {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------- jdbc-schema.md: the columns

    /** The columns of version 1, from the doc: name -> nullable. */
    private static final Map<String, Boolean> DOC_COLUMNS = docColumns();

    private static Map<String, Boolean> docColumns() {
        Map<String, Boolean> m = new TreeMap<>();
        for (String notNull : List.of(
                "id",
                "user_name",
                "request_type",
                "request_data",
                "queue_name",
                "status",
                "created",
                "updated_at",
                "send_count",
                "cleared",
                "retry_count",
                "version",
                "cancel_requested")) {
            m.put(notNull, false);
        }
        for (String nullable : List.of(
                "sent_at",
                "next_attempt_at",
                "started",
                "completed",
                "queue_latency_ms",
                "duration_ms",
                "result_data",
                "exception_data",
                "lease_owner",
                "lease_expires_at",
                "progress_percent",
                "progress_message")) {
            m.put(nullable, true);
        }
        return m;
    }

    private static Map<String, String> columns(DataSource ds, String table) {
        Map<String, String> m = new TreeMap<>();
        try (Connection c = ds.getConnection()) {
            DatabaseMetaData md = c.getMetaData();
            for (String name : List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
                try (ResultSet rs = md.getColumns(null, null, name, null)) {
                    while (rs.next()) {
                        m.put(
                                rs.getString("COLUMN_NAME").toLowerCase(java.util.Locale.ROOT),
                                rs.getString("TYPE_NAME").toLowerCase(java.util.Locale.ROOT) + "("
                                        + rs.getInt("COLUMN_SIZE") + ") nullable="
                                        + "YES".equals(rs.getString("IS_NULLABLE")));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return m;
    }

    private static void assertDocColumns(Map<String, String> actual) {
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(DOC_COLUMNS.keySet());
        DOC_COLUMNS.forEach(
                (name, nullable) -> assertThat(actual.get(name)).as(name).endsWith("nullable=" + nullable));
        assertThat(actual.get("user_name")).contains("(50)");
        assertThat(actual.get("request_type")).contains("(50)");
        assertThat(actual.get("queue_name")).contains("(63)");
        assertThat(actual.get("lease_owner")).contains("(100)");
        assertThat(actual.get("progress_message")).contains("(200)");
    }

    @Test
    void h2SchemaHasTheDocumentedColumnsIndexesAndVersionTable() {
        DataSource ds = h2();
        JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        assertDocColumns(columns(ds, "background_jobs"));
        assertThat(
                        strings(
                                ds,
                                "SELECT LOWER(INDEX_NAME) FROM INFORMATION_SCHEMA.INDEXES WHERE LOWER(TABLE_NAME) = 'background_jobs'"))
                .contains(
                        "background_jobs_user_active",
                        "background_jobs_sweep",
                        "background_jobs_lease",
                        "background_jobs_created",
                        "background_jobs_user_created",
                        "background_jobs_status_created",
                        "background_jobs_type_created",
                        "background_jobs_updated",
                        "background_jobs_completed");
        assertThat(columns(ds, "background_jobs_schema_version").keySet())
                .containsExactlyInAnyOrder("version", "description", "key_type", "installed_at");
        assertThat(strings(ds, "SELECT version FROM background_jobs_schema_version ORDER BY version"))
                .containsExactly("1", "2");
    }

    @Test
    void postgresSchemaHasTheDocumentedColumnsIndexesAndVersionTable() {
        DataSource ds = postgres();
        JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        assertDocColumns(columns(ds, "background_jobs"));
        List<String> defs = strings(ds, "SELECT indexdef FROM pg_indexes WHERE tablename = 'background_jobs'");
        assertThat(defs)
                .anySatisfy(d -> assertThat(d)
                        .contains("background_jobs_user_active")
                        .contains("(user_name, created DESC, id DESC) WHERE (cleared = false)"));
        assertThat(defs)
                .anySatisfy(d -> assertThat(d)
                        .contains("background_jobs_sweep")
                        .contains("(sent_at, updated_at) WHERE (status = 0)"));
        assertThat(defs)
                .anySatisfy(d -> assertThat(d)
                        .contains("background_jobs_lease")
                        .contains("(lease_expires_at) WHERE (status = 1)"));
        assertThat(defs)
                .anySatisfy(d -> assertThat(d)
                        .contains("background_jobs_created ")
                        .contains("(created DESC, id DESC) INCLUDE (status)"));
        assertThat(defs)
                .anySatisfy(
                        d -> assertThat(d)
                                .contains("background_jobs_completed")
                                .contains(
                                        "(completed, status) INCLUDE (request_type, duration_ms) WHERE (completed IS NOT NULL)"));
        assertThat(defs)
                .anySatisfy(
                        d -> assertThat(d).contains("background_jobs_updated").contains("(updated_at)"));
        assertThat(strings(
                        ds,
                        "SELECT data_type FROM information_schema.columns WHERE table_name = 'background_jobs'"
                                + " AND column_name = 'created' AND table_schema = current_schema()"))
                .containsExactly("timestamp with time zone");
        assertThat(strings(ds, "SELECT version FROM background_jobs_schema_version ORDER BY version"))
                .containsExactly("1", "2");
    }

    @Test
    void uuidKeysMakeAUuidPrimaryKey() {
        DataSource ds = h2();
        JdbiJobRepository<UUID> repo = JdbiJobRepository.builder(ds)
                .keyType(JobKeyType.UUID)
                .createOrMigrateSchema(true)
                .build();
        assertThat(columns(ds, "background_jobs").get("id")).startsWith("uuid");
        assertThat(repo.keyType()).isEqualTo(JobKeyType.UUID);
    }

    @Test
    void migratorRunsOnceAndRefusesOutOfRangeTargetsAndOtherKeyTypes() {
        DataSource ds = h2();
        SchemaMigrator migrator = SchemaMigrator.builder(ds).build();
        assertThat(migrator.currentVersion()).isZero();
        assertThat(migrator.migrateTo(1)).isEqualTo(1);
        assertThat(migrator.migrate()).isEqualTo(SchemaMigrator.LATEST_VERSION).isEqualTo(2);
        assertThat(migrator.migrate()).isEqualTo(2);
        assertThatThrownBy(() -> migrator.migrateTo(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> migrator.migrateTo(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaMigrator.builder(ds)
                        .keyType(JobKeyType.UUID)
                        .build()
                        .migrate())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void tableNamesArePlainIdentifiersOfAtMost40() {
        DataSource ds = h2();
        String forty = "t".repeat(40);
        JdbiJobRepository<Long> repo = JdbiJobRepository.builder(ds)
                .tableName(forty)
                .createOrMigrateSchema(true)
                .build();
        assertThat(repo.tableName()).isEqualToIgnoringCase(forty);
        assertThat(columns(ds, forty + "_schema_version")).isNotEmpty();
        assertThatThrownBy(() -> JdbiJobRepository.builder(ds).tableName("t".repeat(41)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40");
        assertThatThrownBy(() -> JdbiJobRepository.builder(ds).tableName("jobs; DROP TABLE x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SchemaMigrator.builder(ds).tableName("t".repeat(41)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherSchemaIsCreatedAndQualifiesTheTable() {
        DataSource ds = h2();
        JdbiJobRepository<Long> repo = JdbiJobRepository.builder(ds)
                .schema("jobs")
                .createOrMigrateSchema(true)
                .build();
        assertThat(repo.tableName()).isEqualToIgnoringCase("jobs.background_jobs");
    }

    // ------------------------------------------ custom-repository.md: the H2 contract snippet compiles and works

    abstract static class H2RepositoryContractTest extends JobRepositoryContractTest<Long> {
        private JdbcDataSource dataSource;

        @Override
        protected JobRepositoryBase<Long> createRepository() {
            dataSource = new JdbcDataSource(); // each test starts empty
            dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            return JdbiJobRepository.builder(dataSource)
                    .createOrMigrateSchema(true)
                    .build();
        }

        @Override
        protected void closeRepository(JobRepositoryBase<Long> repository) {
            try (Connection connection = dataSource.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN"); // drops the in-memory database
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theDocumentedH2ContractSubclassGivesAFreshRepositoryAndDropsIt() {
        H2RepositoryContractTest snippet = new H2RepositoryContractTest() {};
        JobRepositoryBase<Long> repo = snippet.createRepository();
        JobRepositoryFixture<Long> fixture = new JobRepositoryFixture<>(repo, new SettableClock());
        BackgroundJobInfo<Long> job = fixture.pending("alice");
        assertThat(repo.findJob(job.getId())).isPresent();
        snippet.closeRepository(repo);
        assertThat(catchThrowable(() -> repo.findJob(job.getId()))).isNotNull();
    }

    // ------------------------------------------------ custom-repository.md: rules on a real database

    private static JdbiJobRepository<Long> repository(DataSource ds) {
        return JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
    }

    @Test
    void h2TextIsStoredExactly() {
        assertTextIsStoredExactly(repository(h2()));
    }

    @Test
    void postgresTextIsStoredExactly() {
        assertTextIsStoredExactly(repository(postgres()));
    }

    private static void assertTextIsStoredExactly(JdbiJobRepository<Long> repo) {
        JobRepositoryFixture<Long> fixture = new JobRepositoryFixture<>(repo, new SettableClock());
        BackgroundJobInfo<Long> job = fixture.newJob("ünïcødé 😀", "Type");
        String data = "{\"x\":\"" + "é😀a".repeat(25_000) + "\"}";
        job.setRequestData(data);
        BackgroundJobInfo<Long> saved = repo.insert(job);
        assertThat(repo.getJob(saved.getId()).getRequestData()).isEqualTo(data);
        assertThat(repo.getJob(saved.getId()).getUserName()).isEqualTo("ünïcødé 😀");
    }

    @Test
    void h2InstantsReadBackAsGivenToTheMillisecond() {
        assertInstantsRoundTrip(repository(h2()));
    }

    @Test
    void postgresInstantsReadBackAsGivenToTheMillisecond() {
        assertInstantsRoundTrip(repository(postgres()));
    }

    private static void assertInstantsRoundTrip(JdbiJobRepository<Long> repo) {
        // custom-repository.md: "Store instants with at least millisecond precision and read them back as given."
        // jdbc-schema.md: "UTC instants at microsecond precision".
        Instant created = Instant.parse("2026-03-01T10:00:00.999999999Z");
        SettableClock clock = new SettableClock(created, java.time.ZoneOffset.UTC);
        JobRepositoryFixture<Long> fixture = new JobRepositoryFixture<>(repo, clock);
        BackgroundJobInfo<Long> saved = fixture.pending("alice");
        Instant read = repo.getJob(saved.getId()).getCreated();
        assertThat(read.toEpochMilli()).as("read %s for %s", read, created).isEqualTo(created.toEpochMilli());
        assertThat(read).isEqualTo(Instant.parse("2026-03-01T10:00:00.999999Z"));
    }

    @Test
    void h2ProgressMessageIsCutTo200WithoutSplittingAnEmoji() {
        assertProgressCut(repository(h2()));
    }

    @Test
    void postgresProgressMessageIsCutTo200WithoutSplittingAnEmoji() {
        assertProgressCut(repository(postgres()));
    }

    private static void assertProgressCut(JdbiJobRepository<Long> repo) {
        JobRepositoryFixture<Long> fixture = new JobRepositoryFixture<>(repo, new SettableClock());
        BackgroundJobInfo<Long> running = fixture.running("alice");
        repo.saveProgress(running.getId(), running.getLeaseOwner(), 10, "x".repeat(500), Instant.now());
        assertThat(repo.getJob(running.getId()).getProgressMessage()).isEqualTo("x".repeat(200));
        repo.saveProgress(running.getId(), running.getLeaseOwner(), 10, "a".repeat(199) + "😀tail", Instant.now());
        assertThat(repo.getJob(running.getId()).getProgressMessage()).isEqualTo("a".repeat(199));
        repo.saveProgress(running.getId(), running.getLeaseOwner(), 10, "a".repeat(198) + "😀tail", Instant.now());
        assertThat(repo.getJob(running.getId()).getProgressMessage()).isEqualTo("a".repeat(198) + "😀");
    }

    @Test
    void postgresProgressMessageWithNulOrAnUnpairedSurrogateIsStoredWithReplacementCharacters() {
        assertProgressWithNul(repository(postgres()));
    }

    @Test
    void h2ProgressMessageWithNulOrAnUnpairedSurrogateIsStoredWithReplacementCharacters() {
        assertProgressWithNul(repository(h2()));
    }

    private static void assertProgressWithNul(JdbiJobRepository<Long> repo) {
        JobRepositoryFixture<Long> fixture = new JobRepositoryFixture<>(repo, new SettableClock());
        BackgroundJobInfo<Long> running = fixture.running("alice");
        repo.saveProgress(running.getId(), running.getLeaseOwner(), 10, "file a\u0000b\uD800.txt", Instant.now());
        assertThat(repo.getJob(running.getId()).getProgressMessage()).isEqualTo("file a\uFFFDb\uFFFD.txt");
    }

    /** A job reporting a progress message with NUL, as user code might (a file name, a decoded buffer). */
    static final class NulProgressJob extends io.github.aobackgroundjobs.BackgroundJobBase<Long, String, String> {
        NulProgressJob(JobRepositoryBase<Long> repository) {
            super(repository, String.class, String.class);
        }

        @Override
        protected String onExecute(String request, io.github.aobackgroundjobs.JobContext<Long> context) {
            context.reportProgress(50, "reading a\u0000b.txt");
            return "done";
        }
    }

    @Test
    void postgresJobReportingProgressWithNulSavesItsProgress() {
        JdbiJobRepository<Long> repo = repository(postgres());
        io.github.aobackgroundjobs.memory.InMemoryJobQueue queue =
                new io.github.aobackgroundjobs.memory.InMemoryJobQueue();
        io.github.aobackgroundjobs.QueueJobClient<Long> client =
                io.github.aobackgroundjobs.QueueJobClient.builder(repo, queue).build();
        Long id = client.queueJob("reports", "alice", "x");
        new NulProgressJob(repo).execute(id);
        BackgroundJobInfo<Long> done = repo.getJob(id);
        assertThat(done.getStatus()).isEqualTo(io.github.aobackgroundjobs.JobStatus.SUCCEEDED);
        assertThat(done.getProgressMessage()).isEqualTo("reading a\uFFFDb.txt");
    }

    @Test
    void leaseOwnerOver100IsRefusedBeforeAnythingIsWritten() {
        JdbiJobRepository<Long> repo = repository(h2());
        JobRepositoryFixture<Long> fixture = new JobRepositoryFixture<>(repo, new SettableClock());
        BackgroundJobInfo<Long> job = fixture.pending("alice");
        assertThatThrownBy(() -> repo.claim(new ClaimRequest<>(
                        job.getId(), "w".repeat(101), Instant.now(), Duration.ofSeconds(30), 3, "{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'owner'");
        assertThat(repo.getJob(job.getId()).getVersion()).isZero();
    }

    @Test
    void postgresNulInAUserFilterMatchesNothing() {
        JdbiJobRepository<Long> repo = repository(postgres());
        assertThat(repo.findActiveJobs("a\u0000b", 10)).isEmpty();
    }
}
