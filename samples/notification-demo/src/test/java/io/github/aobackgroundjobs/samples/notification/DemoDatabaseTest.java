package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.jdbc.H2FileDatabase;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's H2 file: where it is, what a restart keeps, its password, and a second demo on the
 * same file.
 * (Kills of a process writing through {@link DemoDatabase}: chaos-tests' DemoDatabaseKillTest.)
 */
class DemoDatabaseTest {

    @Test
    void theDefaultFileIsUnderTargetOfTheStartingDirectory() {
        assertThat(DemoDatabase.describe(DemoOptions.DEFAULT_DB))
                .isEqualTo(Path.of("target", "notification-demo-db.mv.db")
                        .toAbsolutePath()
                        .toString());
        assertThat(DemoDatabase.describe("jdbc:postgresql://db/app?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://db/app?user=u&password=***");
    }

    @Test
    void jobsAndTheirStatusSurviveARestartOfTheDemo(@TempDir Path dir) throws Exception {
        String db = "--db=jdbc:h2:file:" + dir.resolve("demo-db");
        Long id;
        try (NotificationDemo demo = start(db)) {
            id = demo.queue("demo", "report");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (status(id, demo) != JobStatus.SUCCEEDED) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        try (NotificationDemo demo = start(db)) {
            assertThat(status(id, demo)).isEqualTo(JobStatus.SUCCEEDED);
        }
        assertThat(dir.resolve("demo-db.mv.db")).exists();
        // It holds every job's request and result: its owner's only, like the password beside it.
        assertThat(Files.getPosixFilePermissions(dir.resolve("demo-db.mv.db")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aFileFromBeforeTheDemoSetAPasswordKeepsItsJobsAndGetsOne(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("old-db");
        Long id;
        DemoDatabase old = DemoDatabase.open(url, "", "");
        try (QueueJobClient<Long> client = QueueJobClient.builder(
                        old.repository(), new InMemoryJobQueue(Clock.systemUTC()))
                .build()) {
            id = client.queueJob(DemoJobs.REPORTS, "demo", new ReportJob.ReportRequest("Made before", 0));
        } finally {
            old.shutdown();
        }

        try (NotificationDemo demo = start("--db=" + url)) {
            assertThat(demo.repository().findJob(id)).isPresent();
        }
        Path passwordFile = dir.resolve("old-db.password");
        assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("old-db.mv.db")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String password = Files.readString(passwordFile, StandardCharsets.US_ASCII);
        // Under the name the demo gives it (H2FileDatabase's file system): within one process H2
        // refuses a database open under one name to another (90020).
        String asTheDemoNamesIt = H2FileDatabase.durableUrl(url);
        assertThatThrownBy(() ->
                        DriverManager.getConnection(asTheDemoNamesIt, "", "").close())
                .isInstanceOfSatisfying(
                        SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(28000));
        try (Connection connection = DriverManager.getConnection(asTheDemoNamesIt, "", password)) {
            assertThat(connection.isValid(5)).isTrue();
        }
        // And the next start opens it with the password it keeps.
        try (NotificationDemo demo = start("--db=" + url)) {
            assertThat(demo.repository().findJob(id)).isPresent();
        }
    }

    @Test
    void aFileWrittenWithoutH2sAsyncFileSystemOpensWithItsJobs(@TempDir Path dir) throws Exception {
        // The demo's URL before it went through H2's async: file system: the same file, written
        // through H2's default one.
        String plain = "jdbc:h2:file:" + dir.resolve("plain-db");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(plain + ";DB_CLOSE_DELAY=-1;WRITE_DELAY=0;MAX_COMPACT_TIME=0;DB_CLOSE_ON_EXIT=FALSE");
        JdbiJobRepository<Long> before =
                JdbiJobRepository.builder(h2).createOrMigrateSchema(true).build();
        Long id;
        try (QueueJobClient<Long> client = QueueJobClient.builder(before, new InMemoryJobQueue(Clock.systemUTC()))
                .build()) {
            id = client.queueJob(DemoJobs.REPORTS, "demo", new ReportJob.ReportRequest("Made before", 0));
        } finally {
            H2FileDatabase.shutdown(h2.getURL(), null, null);
        }

        assertThat(H2FileDatabase.durableUrl(plain)).startsWith("jdbc:h2:file:async:");
        try (NotificationDemo demo = start("--db=" + plain)) {
            assertThat(demo.repository().findJob(id)).isPresent();
        }
    }

    @Test
    void theH2ServerServesTheFileUnderTheFileSystemsItsUrlNames(@TempDir Path dir) throws Exception {
        // --worker=separate: the server has to map its key to the name this process opened the file
        // under, file systems included, or H2 refuses it as already in use (or finds no database).
        List<String> fileSystems = List.of("", "async:", "nio:", "split:nio:");
        for (int i = 0; i < fileSystems.size(); i++) {
            Path file = dir.resolve("served-" + i);
            String url = "jdbc:h2:file:" + fileSystems.get(i) + file;
            assertThat(DemoDatabase.h2File(url)).as(url).isEqualTo(file.toAbsolutePath());
            String password = DemoH2File.open(url, "", "");
            try (DemoH2Server server = DemoH2Server.start(DemoDatabase.h2OpenName(url))) {
                DemoDatabase served = DemoDatabase.open(server.url(), "", password);
                try {
                    assertThat(served.repository().findJob(1L)).as(url).isEmpty();
                } finally {
                    served.shutdown();
                }
            }
        }
    }

    @Test
    void aFileWithAPasswordTheDemoDoesNotKeepStopsTheStartNamingBothFiles(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("locked");
        DriverManager.getConnection(url, "", "someone else's").close();
        assertThatThrownBy(() -> start("--db=" + url))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("The job records' H2 file "
                        + dir.resolve("locked.mv.db").toAbsolutePath() + " has a password other than the one in "
                        + dir.resolve("locked.password").toAbsolutePath());
    }

    @Test
    void aSecondDemoOnTheSameFileStopsAtStartNamingTheFile(@TempDir Path dir) throws Exception {
        String db = "--db=jdbc:h2:file:" + dir.resolve("shared");
        Process first = startProcess(db);
        try {
            List<String> firstLines = readUntil(first, "admin: admin / ");
            assertThat(String.join("\n", firstLines)).contains("Listening on");

            Process second = startProcess(db);
            List<String> secondLines = readUntil(second, "\u0000");
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String all = String.join("\n", secondLines);
            assertThat(second.exitValue()).as(all).isNotZero();
            assertThat(all)
                    .contains("The job records' H2 file "
                            + dir.resolve("shared.mv.db").toAbsolutePath() + " is open in another process")
                    .contains("--db=jdbc:h2:file:<path>");
            assertThat(first.isAlive()).isTrue();
        } finally {
            first.destroy();
            first.waitFor(15, TimeUnit.SECONDS);
        }
    }

    private static NotificationDemo start(String db) throws Exception {
        return new NotificationDemo(DemoOptions.parse(
                new String[] {"--port=0", "--step-millis=0", db, "--demo-password=d", "--admin-password=a"}, Map.of()));
    }

    private static JobStatus status(Long id, NotificationDemo demo) {
        BackgroundJobInfo<Long> job = demo.repository().getJob(id);
        return job == null ? null : job.getStatus();
    }

    private static Process startProcess(String db) throws Exception {
        return new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        NotificationDemo.class.getName(),
                        "--port=0",
                        db,
                        "--demo-password=demo-pass",
                        "--admin-password=admin-pass")
                .redirectErrorStream(true)
                .start();
    }

    /** Lines of the process's output up to one containing {@code marker}, or to its end. */
    private static List<String> readUntil(Process process, String marker) throws Exception {
        List<String> lines = new ArrayList<>();
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            lines.add(line);
            if (line.contains(marker)) {
                break;
            }
        }
        return lines;
    }
}
