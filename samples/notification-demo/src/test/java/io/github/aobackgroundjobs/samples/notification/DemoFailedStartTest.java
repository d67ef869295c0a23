package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails after it opened the database ({@code --worker=separate} on a port that is
 * taken) ends the process with the error, instead of leaving it running with the H2 server's
 * threads, the H2 file and its port held.
 */
class DemoFailedStartTest {

    @Test
    void aStartOnATakenPortEndsTheProcess(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("demo.log");
        try (Azurite azurite = Azurite.builder()
                        .mode(Azurite.Mode.NPM)
                        .services(Azurite.Service.QUEUE)
                        .build();
                ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Process demo = new ProcessBuilder(TestDemos.demoProcess(
                            TestDemos.separateWorkerArgs(azurite, dir, "--port=" + taken.getLocalPort())))
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            try {
                boolean ended = demo.waitFor(90, TimeUnit.SECONDS);
                String log = Files.readString(output, StandardCharsets.UTF_8);
                assertThat(ended)
                        .as("the demo ended after its failed start:\n" + log)
                        .isTrue();
                assertThat(demo.exitValue()).as(log).isNotZero();
                assertThat(log).contains("Address already in use");
            } finally {
                demo.destroyForcibly();
            }
        }
    }
}
