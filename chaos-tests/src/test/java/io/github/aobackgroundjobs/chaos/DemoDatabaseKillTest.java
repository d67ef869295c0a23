package io.github.aobackgroundjobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.samples.notification.DemoDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The notification demo's embedded database keeps every commit across {@code kill -9}: a writer
 * process ({@link DemoDatabaseWriterMain}) opens the records with the demo's own code
 * ({@link DemoDatabase}, default H2 file) and queues and runs jobs on two threads, reporting
 * each commit after it returned; the test SIGKILLs it mid-write, opens the file again with the
 * same code and checks that every reported commit is there: each queued job exists and each
 * job reported SUCCEEDED still is. 20 SIGKILLs, with a graceful stop (SIGTERM, the demo's
 * shutdown) after every seventh; while a writer runs, a second process is refused the file.
 * Every round's figures go to {@code target/chaos/demo-db-<time>/report.md}.
 */
class DemoDatabaseKillTest {

    private static final int KILLS = 20;
    private static final int GRACEFUL_EVERY = 7;

    record Round(
            int number,
            long pid,
            String stop,
            long startMillis,
            int reportedQueued,
            int reportedSucceeded,
            int rowsInDb,
            int succeededInDb,
            int lost,
            int wentBack,
            long fileBytes) {}

    @Test
    void everyReportedCommitSurvivesSigkill() throws Exception {
        Path dir = Path.of(System.getProperty("chaos.dir", "target/chaos"))
                .resolve("demo-db-" + System.currentTimeMillis());
        Files.createDirectories(dir);
        // The demo's default form of URL (DemoOptions.DEFAULT_DB), in a directory of its own.
        String url = "jdbc:h2:file:" + dir.resolve("notification-demo-db");
        Path report = dir.resolve("commits.txt");
        Path log = dir.resolve("writers.log");
        Random random = new Random(11);
        List<Round> rounds = new ArrayList<>();
        long start = System.nanoTime();
        int kills = 0;
        boolean refusalChecked = false;
        while (kills < KILLS) {
            boolean graceful = !rounds.isEmpty() && rounds.size() % (GRACEFUL_EVERY + 1) == GRACEFUL_EVERY;
            int linesBefore = completeLines(report).size();
            long roundStart = System.nanoTime();
            ChaosProcess writer = ChaosProcess.start(
                    "writer-" + rounds.size(), DemoDatabaseWriterMain.class, log, List.of(url, report.toString(), "2"));
            // Kill after a random number of fresh commits, so the kill lands mid-write.
            int wanted = 20 + random.nextInt(200);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (completeLines(report).size() < linesBefore + wanted) {
                assertThat(writer.isAlive())
                        .as("writer %d is alive (log: %s)", writer.pid(), log)
                        .isTrue();
                assertThat(System.nanoTime())
                        .as("writer %d commits in time", writer.pid())
                        .isLessThan(deadline);
                Thread.sleep(5);
            }
            long startMillis = (System.nanoTime() - roundStart) / 1_000_000;
            if (!refusalChecked) {
                // A second process on the same file is refused while the first keeps it open.
                assertThatThrownBy(() -> DemoDatabase.open(url, "", ""))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(dir.resolve("notification-demo-db.mv.db")
                                .toAbsolutePath()
                                .toString())
                        .hasMessageContaining("is open in another process");
                refusalChecked = true;
            }
            String stop;
            if (graceful) {
                assertThat(writer.terminate())
                        .as("writer %d stopped on SIGTERM", writer.pid())
                        .isTrue();
                stop = "SIGTERM";
            } else {
                assertThat(writer.kill()).as("writer %d is gone", writer.pid()).isTrue();
                kills++;
                stop = "SIGKILL";
            }
            rounds.add(check(rounds.size() + 1, writer.pid(), stop, startMillis, url, report, dir));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        writeReport(dir.resolve("report.md"), rounds, seconds);

        assertThat(rounds.stream().filter(r -> r.stop().equals("SIGKILL"))).hasSize(KILLS);
        for (Round r : rounds) {
            assertThat(r.lost())
                    .as("round %d: reported commits missing (see %s)", r.number(), dir)
                    .isZero();
            assertThat(r.wentBack())
                    .as("round %d: jobs reported SUCCEEDED found in an older state", r.number())
                    .isZero();
            assertThat(r.rowsInDb()).isGreaterThanOrEqualTo(r.reportedQueued());
        }
        // Passed: the report and the writers' log are enough; the file holds 45 s of writes (~200 MB).
        Files.delete(dir.resolve("notification-demo-db.mv.db"));
    }

    /** Opens the file with the demo's code after the writer is gone and compares. */
    private static Round check(int number, long pid, String stop, long startMillis, String url, Path report, Path dir)
            throws Exception {
        Set<Long> queued = new HashSet<>();
        Set<Long> succeeded = new HashSet<>();
        for (String line : completeLines(report)) {
            long id = Long.parseLong(line.substring(2));
            (line.startsWith("S ") ? succeeded : queued).add(id);
        }
        Map<Long, Integer> rows = new HashMap<>();
        DemoDatabase database = DemoDatabase.open(url, "", "");
        try (Connection c = database.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, status FROM background_jobs")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getInt(2));
            }
        } finally {
            database.shutdown();
        }
        int lost = (int) queued.stream().filter(id -> !rows.containsKey(id)).count();
        int wentBack = (int) succeeded.stream()
                .filter(id -> !Integer.valueOf(2).equals(rows.get(id)))
                .count();
        int succeededInDb = (int) rows.values().stream().filter(v -> v == 2).count();
        long bytes = Files.size(dir.resolve("notification-demo-db.mv.db"));
        Round round = new Round(
                number,
                pid,
                stop,
                startMillis,
                queued.size(),
                succeeded.size(),
                rows.size(),
                succeededInDb,
                lost,
                wentBack,
                bytes);
        System.out.println("round " + round);
        return round;
    }

    /** The report's lines that were written whole; a kill can cut the last one. */
    private static List<String> completeLines(Path report) throws IOException {
        if (!Files.exists(report)) {
            return List.of();
        }
        String text = Files.readString(report, StandardCharsets.US_ASCII);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    private static void writeReport(Path file, List<Round> rounds, double seconds) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("# Demo database kill test\n\n")
                .append(String.format("%d rounds, %.1f s%n%n", rounds.size(), seconds))
                .append("| # | pid | start to first commit (ms) | stop | reported queued | reported succeeded |"
                        + " rows after | SUCCEEDED after | lost | went back | file bytes |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Round r : rounds) {
            sb.append(String.format(
                    "| %d | %d | %d | %s | %d | %d | %d | %d | %d | %d | %d |%n",
                    r.number(),
                    r.pid(),
                    r.startMillis(),
                    r.stop(),
                    r.reportedQueued(),
                    r.reportedSucceeded(),
                    r.rowsInDb(),
                    r.succeededInDb(),
                    r.lost(),
                    r.wentBack(),
                    r.fileBytes()));
        }
        Files.writeString(file, sb.toString());
        System.out.print(sb);
    }
}
