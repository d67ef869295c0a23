package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --worker=separate}: the worker process ends with the demo even when the demo is killed
 * ({@code kill -9}) and cannot stop it, so no worker outlives its demo.
 */
class DemoWorkerExitsWithDemoTest {

    private static final Pattern WORKER = Pattern.compile("Worker: separate process (\\d+),");

    @Test
    void theWorkerEndsWhenTheDemoIsKilled(@TempDir Path dir) throws Exception {
        // A file, not a pipe, as a terminal would be: the worker shares it, and a pipe the test
        // closes would end the worker at its next line of output, whatever the demo does.
        Path output = dir.resolve("demo.log");
        try (Azurite azurite = Azurite.builder()
                .mode(Azurite.Mode.NPM)
                .services(Azurite.Service.QUEUE)
                .build()) {
            Process demo = new ProcessBuilder(
                            TestDemos.demoProcess(TestDemos.separateWorkerArgs(azurite, dir, "--port=0")))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            Optional<ProcessHandle> worker = Optional.empty();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                String log = "";
                // The worker's own line: it runs, past its start (which fails without the demo's database).
                while (!log.contains("admin: admin / ") || !log.contains("Demo worker running in its own process")) {
                    assertThat(System.nanoTime()).as(log).isLessThan(deadline);
                    assertThat(demo.isAlive()).as(log).isTrue();
                    Thread.sleep(100);
                    log = Files.readString(output, StandardCharsets.UTF_8);
                }
                Matcher m = WORKER.matcher(log);
                assertThat(m.find()).as(log).isTrue();
                worker = ProcessHandle.of(Long.parseLong(m.group(1)));
                assertThat(worker).as(log).isPresent();
                assertThat(worker.get().isAlive()).isTrue();

                demo.destroyForcibly();
                assertThat(demo.waitFor(30, TimeUnit.SECONDS)).isTrue();
                long gone = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (worker.get().isAlive()) {
                    assertThat(System.nanoTime())
                            .as("worker " + worker.get().pid() + " still running 30 s after its demo was killed")
                            .isLessThan(gone);
                    Thread.sleep(100);
                }
                assertThat(Files.readString(output, StandardCharsets.UTF_8))
                        .contains("The demo that started this worker (pid " + demo.pid() + ") ended; stopping.");
            } finally {
                demo.destroyForcibly();
                worker.ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}
