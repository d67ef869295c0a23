package io.github.aobackgroundjobs.benchmarks.support;

import io.github.aobackgroundjobs.azure.QueueManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Azurite's queue service (npm, installed by {@code npm ci} at the project root), in memory, on a free port. */
public final class LocalAzurite implements AutoCloseable {

    private static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    private LocalAzurite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @return a running Azurite */
    public static LocalAzurite start() throws IOException, InterruptedException {
        Path binary = projectRoot().resolve("node_modules/.bin/azurite-queue");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(binary + " is missing: run `npm ci --no-audit --no-fund` at the project root.");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(List.of(binary.toString(), "--queueHost", "127.0.0.1", "--queuePort",
                Integer.toString(port), "--inMemoryPersistence", "--silent", "--disableTelemetry"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                // An interrupted benchmark must not leave Azurite behind.
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "azurite-stop"));
                return new LocalAzurite(process, port);
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Azurite did not start on port " + port);
    }

    /** @return the development account's connection string */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + KEY
                + ";QueueEndpoint=http://127.0.0.1:" + port + "/devstoreaccount1;";
    }

    /**
     * A queue manager with longer HTTP timeouts than the library's fail-fast defaults: on a
     * shared, busy machine a 2-second try limit turns slowness into failures, and the benchmark
     * measures throughput, not outage detection.
     *
     * @param connectionString the account
     * @return the manager
     */
    public static QueueManager patientManager(String connectionString) {
        return QueueManager.builder().connectionString(connectionString).tryTimeout(Duration.ofSeconds(15))
                .maxTries(4).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** @return the Node process, for its CPU time */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** @return -Dbackgroundjobs.root, or the nearest directory upwards holding mvnw */
    public static Path projectRoot() {
        String property = System.getProperty("backgroundjobs.root");
        if (property != null && !property.isBlank()) {
            return Paths.get(property).toAbsolutePath();
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (int depth = 0; dir != null && depth < 10; depth++, dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Run from inside the project or set -Dbackgroundjobs.root.");
    }
}
