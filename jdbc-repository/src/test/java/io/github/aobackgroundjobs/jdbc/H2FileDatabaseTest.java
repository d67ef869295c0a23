package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable H2 settings, and the warnings {@code build()} gives without them. */
class H2FileDatabaseTest {

    record Hello(String name) {}

    @Test
    void url_isTheAbsoluteFileWithEverySetting(@TempDir Path dir) {
        String url = H2FileDatabase.url(dir.resolve("jobs"));

        assertThat(url)
                .isEqualTo("jdbc:h2:file:async:"
                        + dir.resolve("jobs").toAbsolutePath().normalize()
                        + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(H2FileDatabase.settings())
                .containsExactly(
                        Map.entry("DB_CLOSE_DELAY", "-1"),
                        Map.entry("WRITE_DELAY", "0"),
                        Map.entry("MAX_COMPACT_TIME", "0"),
                        Map.entry("DB_CLOSE_ON_EXIT", "FALSE"));
    }

    @Test
    void durableUrl_addsOnlyWhatIsMissing_andRefusesWhatContradicts() {
        assertThat(H2FileDatabase.durableUrl("jdbc:h2:file:./x;write_delay=0;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:file:async:./x;write_delay=0;MODE=PostgreSQL;DB_CLOSE_DELAY=-1;MAX_COMPACT_TIME=0"
                        + ";DB_CLOSE_ON_EXIT=FALSE");
        assertThat(H2FileDatabase.durableUrl("jdbc:h2:~/x")).startsWith("jdbc:h2:file:async:~/x;DB_CLOSE_DELAY=-1;");
        assertThat(H2FileDatabase.durableUrl("jdbc:h2:FILE:C:/data/x")).startsWith("jdbc:h2:file:async:C:/data/x;");
        // A file system of the URL's own choosing is kept.
        assertThat(H2FileDatabase.durableUrl("jdbc:h2:file:async:./x")).startsWith("jdbc:h2:file:async:./x;");
        assertThat(H2FileDatabase.durableUrl("jdbc:h2:nio:./x")).startsWith("jdbc:h2:nio:./x;");
        String complete = H2FileDatabase.url(Path.of("x"));
        assertThat(H2FileDatabase.durableUrl(complete)).isEqualTo(complete);
        assertThat(H2FileDatabase.durableUrl("jdbc:h2:tcp://127.0.0.1:9092/data/x"))
                .startsWith("jdbc:h2:tcp://127.0.0.1:9092/data/x;DB_CLOSE_DELAY=-1;");

        assertThatThrownBy(() -> H2FileDatabase.durableUrl("jdbc:h2:file:./x;WRITE_DELAY=500"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'url' sets WRITE_DELAY=500")
                .hasMessageContaining("WRITE_DELAY=0");
        assertThatThrownBy(() -> H2FileDatabase.durableUrl("jdbc:h2:mem:x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("in-memory");
        assertThatThrownBy(() -> H2FileDatabase.durableUrl("jdbc:postgresql://localhost/x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'url' must be an H2 URL");
        assertThatThrownBy(() -> H2FileDatabase.url(Path.of("data/jobs.mv.db")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'file'");
    }

    @Test
    void durableUrl_givesEveryFormOfAnEmbeddedFileNameTheAsyncFileSystemOnce() {
        Map<String, String> forms = new java.util.LinkedHashMap<>();
        forms.put("jdbc:h2:./x", "jdbc:h2:file:async:./x;");
        forms.put("jdbc:h2:file:~/x", "jdbc:h2:file:async:~/x;");
        forms.put("jdbc:h2:/data/x", "jdbc:h2:file:async:/data/x;");
        forms.put("jdbc:h2:C:/data/x", "jdbc:h2:file:async:C:/data/x;");
        forms.put("jdbc:h2:file:C:\\data\\x;MODE=PostgreSQL", "jdbc:h2:file:async:C:\\data\\x;MODE=PostgreSQL;");
        forms.put("JDBC:H2:./x", "jdbc:h2:file:async:./x;");
        forms.put("jdbc:h2:async:./x", "jdbc:h2:async:./x;");
        // A directory named like a file system is part of the path, not a file system.
        forms.put("jdbc:h2:file:/data/async:old/x", "jdbc:h2:file:async:/data/async:old/x;");
        forms.put("jdbc:h2:file:split:./x", "jdbc:h2:file:split:./x;");
        forms.put("jdbc:h2:nioMapped:./x", "jdbc:h2:nioMapped:./x;");
        forms.put("jdbc:h2:ssl://127.0.0.1:9092/~/x", "jdbc:h2:ssl://127.0.0.1:9092/~/x;");
        forms.forEach((given, expected) -> {
            String durable = H2FileDatabase.durableUrl(given);
            assertThat(durable).as(given).startsWith(expected).endsWith(";DB_CLOSE_ON_EXIT=FALSE");
            assertThat(H2FileDatabase.durableUrl(durable)).as("%s twice", given).isEqualTo(durable);
        });
    }

    @Test
    void durableUrl_refusesH2sInMemoryFileSystemsAsInMemoryDatabases() {
        // memFS: and memLZF: look like file names, but keep the database in the JVM's memory.
        for (String url : List.of(
                "jdbc:h2:memFS:jobs",
                "jdbc:h2:file:memLZF:jobs;MODE=PostgreSQL",
                "jdbc:h2:split:memFS:jobs",
                "jdbc:h2:.;DB_CLOSE_DELAY=-1",
                "jdbc:h2:tcp://127.0.0.1:9092/memFS:jobs")) {
            assertThatThrownBy(() -> H2FileDatabase.durableUrl(url))
                    .as(url)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'url' names an in-memory database");
        }
    }

    @Test
    void aFileOpenThroughTheAsyncFileSystemIsRefusedToAnotherProcess(@TempDir Path dir) throws Exception {
        String url = H2FileDatabase.url(dir.resolve("jobs"));
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            Path output = dir.resolve("other-process.txt");
            Process other = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            org.h2.tools.Shell.class.getName(),
                            "-url",
                            url,
                            "-sql",
                            "SELECT COUNT(*) FROM background_jobs")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try {
                assertThat(other.waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
                        .isTrue();
            } finally {
                other.destroyForcibly();
            }
            String said = java.nio.file.Files.readString(output, StandardCharsets.UTF_8);
            assertThat(other.exitValue()).as(said).isNotZero();
            assertThat(said)
                    .contains("[" + H2FileDatabase.DATABASE_ALREADY_OPEN + "-")
                    .contains("async:");
        } finally {
            H2FileDatabase.shutdown(url, null, null);
        }
    }

    @Test
    void build_warnsOfAnUnpooledH2FileDatabaseWithH2Defaults(@TempDir Path dir) {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath());

        String log = captureStandardError(
                () -> JdbiJobRepository.builder(h2).createOrMigrateSchema(true).build());

        assertThat(warnings(log)).hasSize(2);
        assertThat(log)
                .contains("is closed whenever its last connection closes (DB_CLOSE_DELAY=0)")
                .contains("org.h2.jdbcx.JdbcDataSource keeps none open")
                .contains("up to 500 ms after the commit returns (WRITE_DELAY=500)")
                .contains(dir.resolve("jobs").toAbsolutePath().toString())
                .contains("H2FileDatabase.durableUrl");
    }

    @Test
    void build_warnsOfWriteDelayAlsoBehindAPool(@TempDir Path dir) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath() + ";DB_CLOSE_DELAY=-1");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            String log = captureStandardError(() ->
                    JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build());

            assertThat(warnings(log)).hasSize(1);
            assertThat(log).contains("(WRITE_DELAY=500)").doesNotContain("DB_CLOSE_DELAY=0");
        }
    }

    @Test
    void build_saysNothing_withTheDurableSettings_orInMemory(@TempDir Path dir) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(H2FileDatabase.url(dir.resolve("jobs")));
        JdbcDataSource unpooledButOpen = new JdbcDataSource();
        unpooledButOpen.setURL(H2FileDatabase.url(dir.resolve("other")));
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:" + TestDatabases.uniqueName("durable") + ";DB_CLOSE_DELAY=-1");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            String log = captureStandardError(() -> {
                JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
                JdbiJobRepository.builder(unpooledButOpen)
                        .createOrMigrateSchema(true)
                        .build();
                JdbiJobRepository.builder(memory).createOrMigrateSchema(true).build();
            });

            assertThat(warnings(log)).isEmpty();
        }
        H2FileDatabase.shutdown(config.getJdbcUrl(), null, null);
        H2FileDatabase.shutdown(unpooledButOpen.getURL(), null, null);
    }

    @Test
    void jobsSurviveShutdownAndReopen(@TempDir Path dir) throws Exception {
        String url = H2FileDatabase.url(dir.resolve("jobs"));
        Long id;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbiJobRepository<Long> repository =
                    JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            id = QueueJobClient.builder(repository, new InMemoryJobQueue(Clock.systemUTC()))
                    .build()
                    .queueJob("hello-jobs", "alice", new Hello("world"));
        }
        H2FileDatabase.shutdown(url, null, null);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbiJobRepository<Long> repository = JdbiJobRepository.builder(pool).build();
            assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                            + " WHERE SETTING_NAME = 'WRITE_DELAY'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("0");
            }
        }
        H2FileDatabase.shutdown(url, null, null);
    }

    @Test
    void shutdown_releasesTheFile_evenRightAfterThePoolStarted(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 5; round++) {
            String url = H2FileDatabase.url(dir.resolve("jobs"));
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setMaximumPoolSize(10); // filled in the background after the first connection
            try (HikariDataSource pool = new HikariDataSource(config)) {
                JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            }
            H2FileDatabase.shutdown(url, null, null);

            // H2 holds a lock on the file while the database is open; in this JVM a second lock throws.
            try (FileChannel file = FileChannel.open(dir.resolve("jobs.mv.db"), StandardOpenOption.WRITE);
                    FileLock lock = file.tryLock()) {
                assertThat(lock).as("round %d: the file is free", round).isNotNull();
            }
        }
    }

    private static List<String> warnings(String log) {
        return log.lines()
                .filter(l -> l.contains("WARN") && l.contains("Committed jobs can be lost"))
                .toList();
    }

    /** slf4j-simple writes to whatever System.err is at the time of each line. */
    private static String captureStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
