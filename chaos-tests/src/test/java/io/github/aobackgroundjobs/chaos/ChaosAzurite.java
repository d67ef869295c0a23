package io.github.aobackgroundjobs.chaos;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Azurite queue service keeping its messages on disk ({@code --location}), stopped
 * gracefully (SIGTERM) and started again on the same port with the same messages.
 */
final class ChaosAzurite implements AutoCloseable {

    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final Path location;
    private final Path log;
    private final int port;
    private Process process;

    ChaosAzurite(Path location, Path log) throws IOException {
        this.location = location;
        this.log = log;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + Azurite.ACCOUNT + ";AccountKey=" + Azurite.ACCOUNT_KEY
                + ";QueueEndpoint=http://127.0.0.1:" + port + "/" + Azurite.ACCOUNT + ";";
    }

    synchronized void start() throws IOException, InterruptedException {
        if (process != null) {
            return;
        }
        Path binary = Azurite.projectRoot().resolve("node_modules/.bin/azurite-queue");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Azurite is not installed: " + binary + " is missing. Run"
                    + " `npm ci --no-audit --no-fund` at the project root (as .ci/run does).");
        }
        Files.createDirectories(location);
        process = new ProcessBuilder(List.of(
                        binary.toString(),
                        "--queueHost",
                        "127.0.0.1",
                        "--queuePort",
                        Integer.toString(port),
                        "--location",
                        location.toString(),
                        "--silent",
                        // Without this the telemetry client keeps Node alive after a graceful close.
                        "--disableTelemetry"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + "; see " + log);
            }
            if (answers()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Azurite did not answer on port " + port + "; see " + log);
    }

    /**
     * SIGTERM and waits for Azurite to exit by itself.
     *
     * @return true if it exited within 20 seconds (false: it was killed)
     */
    synchronized boolean stopGracefully() throws InterruptedException {
        if (process == null) {
            return true;
        }
        process.destroy();
        boolean graceful = process.waitFor(20, TimeUnit.SECONDS);
        if (!graceful) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
        return graceful;
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UncheckedIOException(new IOException(e));
            }
            process = null;
        }
    }
}
