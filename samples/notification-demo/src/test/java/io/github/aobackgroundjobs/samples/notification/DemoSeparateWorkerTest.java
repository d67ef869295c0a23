package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --worker=separate} on the H2 file: the worker process runs the jobs through the web
 * process's H2 server, and that server lets in nobody without the database's password, serves no
 * other database and creates none.
 */
class DemoSeparateWorkerTest {

    @Test
    void theWorkerRunsJobsThroughAServerThatRefusesAnyoneWithoutThePassword(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("demo-db").toAbsolutePath();
        try (Azurite azurite = Azurite.builder()
                        .mode(Azurite.Mode.NPM)
                        .services(Azurite.Service.QUEUE)
                        .build();
                NotificationDemo demo = new NotificationDemo(DemoOptions.parse(
                        TestDemos.separateWorkerArgs(azurite, dir, "--port=0", "--step-millis=0"), Map.of()))) {
            Long id = demo.queue("demo", "report");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (demo.repository()
                            .findJob(id)
                            .map(BackgroundJobInfo::getStatus)
                            .orElse(null)
                    != JobStatus.SUCCEEDED) {
                assertThat(System.nanoTime())
                        .as("job " + id + " run by the worker process")
                        .isLessThan(deadline);
                assertThat(demo.workerProcess().isAlive()).isTrue();
                Thread.sleep(100);
            }

            String server = "jdbc:h2:tcp://127.0.0.1:" + demo.h2ServerPort() + "/";
            for (String url : List.of(
                    server + file, // the database by its path, as the server took it before
                    server + DemoH2Server.DATABASE, // by the name it serves it under
                    server + dir.resolve("new-db").toAbsolutePath(), // a database to create
                    server + "mem:scratch")) {
                assertThatThrownBy(
                                () -> DriverManager.getConnection(url, "", "").close())
                        .as(url)
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getErrorCode()).isEqualTo(28000));
            }
            assertThat(dir.resolve("new-db.mv.db")).doesNotExist();
            assertThat(file.resolveSibling(file.getFileName() + ".trace.db"))
                    .as("H2's trace of the refused sign-ins goes to the log, not to a file other users can read")
                    .doesNotExist();

            Path passwordFile = DemoH2File.passwordFile(file);
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String password = Files.readString(passwordFile, StandardCharsets.US_ASCII);
            assertThat(password).matches("[A-Za-z0-9_-]{43}");
            assertThatThrownBy(() -> DriverManager.getConnection(server + file, "", password)
                            .close())
                    .as("another database name, with the password")
                    .isInstanceOf(SQLException.class);
            try (Connection connection = DriverManager.getConnection(server + DemoH2Server.DATABASE, "", password)) {
                assertThat(connection.isValid(5)).isTrue();
            }
            // The worker got the password through its environment, not its command line (ps shows that;
            // ProcessHandle.Info cuts long ones short, /proc does not).
            String commandLine = new String(
                            Files.readAllBytes(Path.of(
                                    "/proc", String.valueOf(demo.workerProcess().pid()), "cmdline")),
                            StandardCharsets.UTF_8)
                    .replace('\0', ' ');
            assertThat(commandLine).contains(DemoWorker.class.getName()).doesNotContain(password);
        }
    }
}
