package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --worker=separate}: a worker process killed in the middle of a job is started again by
 * the web process and runs the jobs queued since; the job it was running waits for its message to
 * come back.
 */
class DemoWorkerRestartTest {

    @Test
    void aWorkerKilledMidJobIsStartedAgainAndItsJobFinishes(@TempDir Path dir) throws Exception {
        try (Azurite azurite = Azurite.builder()
                        .mode(Azurite.Mode.NPM)
                        .services(Azurite.Service.QUEUE)
                        .build();
                NotificationDemo demo = new NotificationDemo(DemoOptions.parse(
                        TestDemos.separateWorkerArgs(azurite, dir, "--port=0", "--step-millis=400"), Map.of()))) {
            Long midJob = demo.queue("demo", "zip");
            await(
                    120,
                    "job " + midJob + " under way in the first worker",
                    () -> Objects.requireNonNullElse(job(demo, midJob).getProgressPercent(), 0) > 0);
            Process first = demo.workerProcess();
            first.destroyForcibly();
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(job(demo, midJob).getStatus()).isEqualTo(JobStatus.RUNNING);

            await(
                    30,
                    "a new worker process",
                    () -> demo.workerProcess() != first && demo.workerProcess().isAlive());
            Long queuedAfter = demo.queue("demo", "report");
            await(
                    120,
                    "job " + queuedAfter + " run by the new worker",
                    () -> job(demo, queuedAfter).getStatus() == JobStatus.SUCCEEDED);
            // The killed job's message comes back only when the dead worker's visibility timeout (60 s)
            // runs out; the new worker then takes it over as any worker takes over a dead one's job
            // (the chaos suite kills workers mid-job 20 times). Here: it is still the dead worker's,
            // and nothing ran it twice meanwhile.
            BackgroundJobInfo<Long> orphan = job(demo, midJob);
            assertThat(orphan.getStatus()).isEqualTo(JobStatus.RUNNING);
            assertThat(orphan.getAttempts()).isEqualTo(1);
        }
    }

    private static BackgroundJobInfo<Long> job(NotificationDemo demo, Long id) {
        return demo.repository().findJob(id).orElseThrow();
    }

    private static void await(long seconds, String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
