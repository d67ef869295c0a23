package io.github.aobackgroundjobs.benchmarks.support;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import io.github.aobackgroundjobs.azure.QueueManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Azurite's queue service (npm, installed by {@code npm ci} at the project root), in memory or on disk. */
public final class LocalAzurite implements AutoCloseable {

    private static final Duration PATIENT_TRY_TIMEOUT = Duration.ofSeconds(15);
    private static final int PATIENT_MAX_TRIES = 4;
    private static final Duration PATIENT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;
    private final Path location;

    private LocalAzurite(Process process, int port, Path location) {
        this.process = process;
        this.port = port;
        this.location = location;
    }

    /** @return a running Azurite, in memory, on a free port */
    public static LocalAzurite start() throws IOException, InterruptedException {
        return start(freePort(), List.of("--inMemoryPersistence"));
    }

    /**
     * Azurite keeping its data in a new temporary directory (deleted on {@link #close()}).
     * Unlike the in-memory store, which keeps one extent per message until its garbage
     * collector (every 60 s) removes them one by one in quadratic time, this one appends
     * message bodies to shared extent files of up to 64 MB, so its cost per message stays flat
     * over hundreds of thousands of messages.
     *
     * @return a running Azurite on a free port
     */
    public static LocalAzurite startOnDisk() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("azurite");
        LocalAzurite azurite = start(freePort(), List.of("--location", dir.toString()));
        return new LocalAzurite(azurite.process, azurite.port, dir);
    }

    /**
     * @param port the port to listen on
     * @param options further Azurite options, e.g. {@code --inMemoryPersistence} or
     *     {@code --location <dir>}
     * @return a running Azurite
     */
    public static LocalAzurite start(int port, List<String> options) throws IOException, InterruptedException {
        Path binary = projectRoot().resolve("node_modules/.bin/azurite-queue");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(
                    binary + " is missing: run `npm ci --no-audit --no-fund` at the project root.");
        }
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--queueHost",
                "127.0.0.1",
                "--queuePort",
                Integer.toString(port),
                "--silent",
                "--disableTelemetry"));
        command.addAll(options);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                // An interrupted benchmark must not leave Azurite behind.
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "azurite-stop"));
                return new LocalAzurite(process, port, null);
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("Azurite did not start on port " + port);
    }

    /** @return a port nobody listened on a moment ago */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** @return the port Azurite listens on */
    public int port() {
        return port;
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
        return QueueManager.builder()
                .connectionString(connectionString)
                .tryTimeout(PATIENT_TRY_TIMEOUT)
                .maxTries(PATIENT_MAX_TRIES)
                .connectTimeout(PATIENT_CONNECT_TIMEOUT)
                .build();
    }

    /**
     * {@link #patientManager} whose every HTTP request (each try) is counted by kind.
     *
     * @param connectionString the account
     * @param calls the counter
     * @return the manager
     */
    public static QueueManager countingManager(String connectionString, AzuriteCalls calls) {
        HttpClient httpClient = new JdkHttpClientBuilder()
                .connectionTimeout(PATIENT_CONNECT_TIMEOUT)
                .responseTimeout(PATIENT_TRY_TIMEOUT)
                .readTimeout(PATIENT_TRY_TIMEOUT)
                .writeTimeout(PATIENT_TRY_TIMEOUT)
                .build();
        RequestRetryOptions retry = new RequestRetryOptions(
                RetryPolicyType.EXPONENTIAL,
                PATIENT_MAX_TRIES,
                PATIENT_TRY_TIMEOUT,
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                null);
        QueueServiceClient client = new QueueServiceClientBuilder()
                .connectionString(connectionString)
                .httpClient(httpClient)
                .retryOptions(retry)
                .messageEncoding(QueueMessageEncoding.NONE)
                .addPolicy(calls)
                .buildClient();
        return QueueManager.builder().serviceClient(client).build();
    }

    /** @return the Node process, for its CPU time */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (location != null) {
            try (Stream<Path> files = Files.walk(location)) {
                for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(file);
                }
            }
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
