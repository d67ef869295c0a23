package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.H2FileDatabase;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.SchemaMigrator;
import io.github.aobackgroundjobs.jdbc.TestDatabases;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Javadoc of {@link JdbiJobRepository} and {@link SchemaMigrator}, read as a new user, on H2
 * and PostgreSQL whose sessions run in a zone other than UTC.
 */
class JdbcRepositoryJavadocTest {

    record ShipOrder(long orderId) {}

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    private static DataSource database(String name) {
        return name.equals("h2") ? TestDatabases.h2InSessionZone() : TestDatabases.postgresInNewSchema("javadoc");
    }

    // ------------------------------------------------------------------ queryTimeout

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aQueryTimeoutOfMonthsOrForeverLetsEveryStatementRun(String db) {
        DataSource ds = database(db);
        JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        for (Duration timeout : new Duration[] {Duration.ofDays(30), ChronoUnit.FOREVER.getDuration()}) {
            JdbiJobRepository<Long> repository =
                    JdbiJobRepository.builder(ds).queryTimeout(timeout).build();
            QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                    .clock(clock)
                    .build();
            Long id = client.queueJob("orders", "alice", new ShipOrder(7));
            assertThat(repository
                            .claim(new ClaimRequest<>(id, "w", clock.instant(), Duration.ofSeconds(30), 5, "{}"))
                            .type())
                    .as(timeout.toString())
                    .isEqualTo(ClaimResult.Type.CLAIMED);
            assertThat(repository.complete(
                            new JobCompletion<>(id, "w", JobStatus.SUCCEEDED, clock.instant(), 1, "{}", null, null)))
                    .isTrue();
            assertThat(repository.findJobs(JobQuery.builder().build()).items())
                    .extracting(j -> j.getId())
                    .contains(id);
            repository.checkAvailable();
        }
    }

    // ------------------------------------------------------------------ SchemaMigrator

    @Test
    void migrateToOutsideItsRangeIsRefusedNamingTarget() {
        SchemaMigrator migrator = SchemaMigrator.builder(TestDatabases.h2()).build();
        for (int bad : new int[] {0, SchemaMigrator.LATEST_VERSION + 1}) {
            assertThatThrownBy(() -> migrator.migrateTo(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'target'");
        }
        assertThat(migrator.currentVersion()).as("nothing was created").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aTableOfTheOtherKeyTypeIsRefusedByTheMigratorAndByBuild(String db) {
        DataSource ds = database(db);
        assertThat(SchemaMigrator.builder(ds).build().migrate()).isEqualTo(SchemaMigrator.LATEST_VERSION);

        assertThatThrownBy(() -> SchemaMigrator.builder(ds)
                        .keyType(JobKeyType.UUID)
                        .build()
                        .migrate())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LONG")
                .hasMessageContaining("UUID");
        assertThatThrownBy(() -> JdbiJobRepository.builder(ds)
                        .keyType(JobKeyType.UUID)
                        .createOrMigrateSchema(true)
                        .build())
                .isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aSchemaNewerThanTheLibraryIsRefusedAndMigrateTwiceChangesNothing(String db) throws Exception {
        DataSource ds = database(db);
        SchemaMigrator migrator = SchemaMigrator.builder(ds).build();
        assertThat(migrator.migrate()).isEqualTo(SchemaMigrator.LATEST_VERSION);
        assertThat(migrator.migrate()).isEqualTo(SchemaMigrator.LATEST_VERSION);
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO background_jobs_schema_version (version, description, key_type, installed_at)"
                    + " VALUES (" + (SchemaMigrator.LATEST_VERSION + 1) + ", 'later', 'LONG', CURRENT_TIMESTAMP)");
        }

        assertThat(migrator.currentVersion()).isEqualTo(SchemaMigrator.LATEST_VERSION + 1);
        assertThatThrownBy(migrator::migrate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("newer");
        assertThatThrownBy(() -> JdbiJobRepository.builder(ds)
                        .createOrMigrateSchema(true)
                        .build())
                .isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ Builder

    @Test
    void buildMayBeCalledMoreThanOnceAndEachRepositoryWorks() {
        JdbiJobRepository.Builder<Long> builder =
                JdbiJobRepository.builder(TestDatabases.h2InSessionZone()).createOrMigrateSchema(true);
        JdbiJobRepository<Long> first = builder.build();
        JdbiJobRepository<Long> second = builder.build();
        Long id = QueueJobClient.builder(first, new InMemoryJobQueue(clock))
                .clock(clock)
                .build()
                .queueJob("orders", "alice", new ShipOrder(1));
        assertThat(second.findJob(id)).isPresent();
        assertThat(second.tableName()).isEqualTo(JdbiJobRepository.DEFAULT_TABLE_NAME);
        assertThat(second.databaseProduct()).isEqualTo("H2");
    }

    // ------------------------------------------------------------------ H2FileDatabase

    @Test
    void durableUrlRefusesAServerUrlOfAnInMemoryDatabaseAsAnInMemoryOne() {
        for (String url :
                new String[] {"jdbc:h2:tcp://127.0.0.1:9092/mem:jobs", "JDBC:H2:SSL://localhost/mem:jobs;WRITE_DELAY=0"
                }) {
            assertThatThrownBy(() -> H2FileDatabase.durableUrl(url))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'url'")
                    .hasMessageContaining("in-memory");
        }
        assertThat(H2FileDatabase.durableUrl("jdbc:h2:tcp://127.0.0.1:9092/~/memories"))
                .startsWith("jdbc:h2:tcp://127.0.0.1:9092/~/memories;DB_CLOSE_DELAY=-1");
    }

    @Test
    void theMigratorRecordsItsClocksTimeAsInstalledAt() throws Exception {
        DataSource ds = TestDatabases.h2InSessionZone();
        Instant at = Instant.parse("2020-02-29T23:30:00Z");
        SchemaMigrator.builder(ds)
                .clock(java.time.Clock.fixed(at, ZoneOffset.UTC))
                .build()
                .migrate();
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                java.sql.ResultSet rs =
                        s.executeQuery("SELECT installed_at FROM background_jobs_schema_version ORDER BY version")) {
            int rows = 0;
            while (rs.next()) {
                assertThat(rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                        .isEqualTo(at);
                rows++;
            }
            assertThat(rows).isEqualTo(SchemaMigrator.LATEST_VERSION);
        }
    }

    // ------------------------------------------------------------------ names

    @Test
    void everyWordPostgresqlReservesIsRefusedAsATableOrSchemaName() throws Exception {
        java.util.List<String> reserved = new java.util.ArrayList<>();
        try (Connection c = TestDatabases.postgresShared().getConnection();
                Statement st = c.createStatement();
                java.sql.ResultSet rs =
                        st.executeQuery("SELECT word FROM pg_get_keywords() WHERE catcode IN ('R', 'T')")) {
            while (rs.next()) {
                reserved.add(rs.getString(1));
            }
        }
        assertThat(reserved).contains("user", "order", "limit", "analyse", "verbose");
        for (String word : reserved) {
            assertThatThrownBy(
                            () -> JdbiJobRepository.builder(TestDatabases.h2()).tableName(word))
                    .as(word)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'tableName'");
            assertThatThrownBy(() -> SchemaMigrator.builder(TestDatabases.h2()).schema(word.toUpperCase()))
                    .as(word)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'schema'");
        }
    }

    @Test
    void wordsH2ReservesAreRefusedToo() throws Exception {
        DataSource h2 = TestDatabases.h2();
        for (String word : new String[] {"key", "value", "year", "minus", "qualify", "_rowid_", "Day"}) {
            try (Connection c = h2.getConnection();
                    Statement st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute("CREATE TABLE " + word + " (id INT)"))
                        .as("H2 reserves " + word)
                        .isInstanceOf(java.sql.SQLException.class);
            }
            assertThatThrownBy(() -> JdbiJobRepository.builder(h2).tableName(word))
                    .as(word)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'tableName'");
            assertThatThrownBy(() -> JdbiJobRepository.builder(h2).schema(word))
                    .as(word)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'schema'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aNameThatOnlyContainsAReservedWordIsAPlainIdentifier(String db) {
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(database(db))
                .tableName("user_orders")
                .createOrMigrateSchema(true)
                .build();
        assertThat(repository.tableName()).isEqualTo("user_orders");
        assertThat(repository.findJobs(JobQuery.builder().build()).items()).isEmpty();
    }

    // ------------------------------------------------------------------ statistics

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aWindowOfMaxBucketsUnitsIsAnsweredWithABucketForEachUnitItTouches(String db) {
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(database(db))
                .createOrMigrateSchema(true)
                .build();
        Instant from = Instant.parse("2026-12-07T10:00:30Z");
        Duration week = Duration.ofMinutes(JdbiJobRepository.MAX_BUCKETS);

        var aligned = repository.statistics(new StatisticsQuery(
                from.truncatedTo(ChronoUnit.MINUTES),
                from.truncatedTo(ChronoUnit.MINUTES).plus(week),
                ChronoUnit.MINUTES));
        assertThat(aligned.throughput()).hasSize(JdbiJobRepository.MAX_BUCKETS);
        var unaligned =
                repository.statistics(new StatisticsQuery(from, from.plus(week).plusSeconds(59), ChronoUnit.MINUTES));
        assertThat(unaligned.throughput()).hasSize(JdbiJobRepository.MAX_BUCKETS + 2);
        assertThat(unaligned.throughput().get(0).start()).isEqualTo(Instant.parse("2026-12-07T10:00:00Z"));

        assertThatThrownBy(() -> repository.statistics(
                        new StatisticsQuery(from, from.plus(week).plusSeconds(60), ChronoUnit.MINUTES)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'query'");
        assertThat(repository
                        .statistics(new StatisticsQuery(
                                from, from.plus(Duration.ofHours(JdbiJobRepository.MAX_BUCKETS)), ChronoUnit.HOURS))
                        .throughput())
                .hasSize(JdbiJobRepository.MAX_BUCKETS + 1);
    }

    // ------------------------------------------------------------------ findUpdatedSince

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aBlankUserNameInFindUpdatedSinceMatchesNoJobOnlyNullIsEveryones(String db) {
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(database(db))
                .createOrMigrateSchema(true)
                .build();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        Long alices = client.queueJob("orders", "alice", new ShipOrder(1));
        Long bobs = client.queueJob("orders", "bob", new ShipOrder(2));
        Instant since = clock.instant().minusSeconds(1);

        assertThat(repository.findUpdatedSince(since, null, 10))
                .extracting(j -> j.getId())
                .containsExactly(alices, bobs);
        assertThat(repository.findUpdatedSince(since, "alice", 10))
                .extracting(j -> j.getId())
                .containsExactly(alices);
        assertThat(repository.findUpdatedSince(since, "", 10)).isEmpty();
        assertThat(repository.findUpdatedSince(since, "  ", 10)).isEmpty();
    }
}
