package io.github.aobackgroundjobs.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cross-process chaos suite: real Azurite and PostgreSQL, workers in their own JVMs killed
 * with SIGKILL mid-job and restarted, PostgreSQL restarted, Azurite stopped gracefully and
 * started again on its files, duplicate and malformed messages. Every job must end SUCCEEDED
 * exactly once, and only the jobs a kill interrupted may have run more than once.
 *
 * <p>CI size by default; {@code -Dchaos.size=full} for the documented full-size run.
 */
class ChaosSuiteTest {

    private static final ChaosSize SIZE = ChaosSize.fromSystemProperty();

    @Test
    void queueWorkerProcessesSurviveKillsAndRestarts() throws Exception {
        verify(new ChaosRun(SIZE, "worker", directory("worker")).run());
    }

    @Test
    void functionsHostProcessesSurviveKillsAndRestarts() throws Exception {
        verify(new ChaosRun(SIZE, "functions", directory("functions")).run());
    }

    private static Path directory(String mode) {
        Path base = Path.of(System.getProperty("chaos.dir", "target/chaos"));
        return base.resolve(SIZE.name() + "-" + mode + "-" + System.currentTimeMillis());
    }

    private static void verify(ChaosRun.Result r) throws Exception {
        String report = ChaosReport.render(r);
        Files.writeString(r.directory().resolve("report.md"), report);
        System.out.println(report);

        int jobs = r.size().jobs();
        assertThat(r.producerExit()).as("the producer process exit code").isZero();
        assertThat(r.producedIds())
                .as("ids the producer was given")
                .hasSize(jobs)
                .doesNotHaveDuplicates();
        Set<Long> produced = new HashSet<>(r.producedIds());

        assertThat(r.statusCounts()).as("jobs per status (2 = SUCCEEDED)").isEqualTo(Map.of(2, (long) jobs));
        assertThat(r.tableIds()).as("none lost, none extra").isEqualTo(produced);
        assertThat(r.completions().keySet()).as("jobs with a completion").isEqualTo(produced);
        assertThat(r.completions().values()).as("completions per job").containsOnly(1);

        assertThat(r.kills()).as("kills").hasSize(r.size().kills());
        Map<Long, Integer> interruptions = new HashMap<>();
        for (ChaosRun.Kill kill : r.kills()) {
            assertThat(kill.gone())
                    .as("pid %d is gone after SIGKILL", kill.pid())
                    .isTrue();
            assertThat(kill.interrupted())
                    .as("jobs interrupted by the kill of pid %d", kill.pid())
                    .isNotEmpty();
            kill.interrupted().forEach(id -> interruptions.merge(id, 1, Integer::sum));
        }
        assertThat(r.runs().keySet()).as("jobs whose body ran").isEqualTo(produced);
        List<String> wrong = new ArrayList<>();
        r.runs().forEach((id, pids) -> {
            int expected = 1 + interruptions.getOrDefault(id, 0);
            if (pids.size() != expected) {
                wrong.add("job " + id + " ran " + pids.size() + " times (pids " + pids + "), expected " + expected);
            }
        });
        assertThat(wrong)
                .as("runs per job: 1, plus one per kill that interrupted it")
                .isEmpty();

        assertThat(r.running()).as("jobs RUNNING at the end").isZero();
        assertThat(r.runningPastLease())
                .as("jobs RUNNING past their lease at the end")
                .isZero();
        assertThat(r.workersAlive()).as("workers alive").containsOnly(true);
        assertThat(r.workersRunning()).as("jobs each worker runs at the end").containsOnly(0);
        assertThat(r.queueLength()).as("messages left in the job queue").isZero();
        assertThat(r.postgresRestarts())
                .as("PostgreSQL restarts")
                .isEqualTo(r.size().postgresRestarts());
        assertThat(r.azuriteRestarts())
                .as("Azurite restarts")
                .isEqualTo(r.size().azuriteRestarts());
        assertThat(r.azuriteGraceful())
                .as("Azurite stopped on SIGTERM by itself")
                .isTrue();
        // Copying to <queue>-poison and deleting the original are two requests on two queues, so a
        // kill or an outage between them leaves the original to be delivered and copied again: every
        // malformed message must be there, nothing else, and an extra copy only per disruption.
        Map<String, Long> difference = r.poisonCopiesBeyondSent();
        assertThat(difference.values())
                .as("poison copies beyond those sent, per text (%s): none missing, nothing else there", difference)
                .allMatch(n -> n > 0);
        assertThat(difference.keySet()).as("texts in the poison queue").isSubsetOf(new HashSet<>(r.malformed()));
        int disruptions = r.kills().size() + r.postgresRestarts() + r.azuriteRestarts();
        assertThat(difference.values().stream().mapToLong(Long::longValue).sum())
                .as("extra poison copies (%s), at most one per kill or restart (%d)", difference, disruptions)
                .isLessThanOrEqualTo(disruptions);
    }
}
