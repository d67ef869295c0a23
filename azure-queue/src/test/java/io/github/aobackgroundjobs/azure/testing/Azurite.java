package io.github.aobackgroundjobs.azure.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A real Azurite (npm package {@code azurite}, installed by {@code npm ci} at the project
 * root) started on free loopback ports, one process per service. Missing Azurite is a test
 * failure with instructions, never a skip.
 *
 * <p>{@link #shared()} is one in-memory queue service per JVM for tests that only need a
 * queue (each test takes its own {@link #randomQueueName}); tests that stop or restart
 * Azurite {@link #start} their own. {@link #stop()} and {@link #start()} again keep the ports,
 * and, with {@link Persistence#DISK}, the messages.
 */
public final class Azurite implements AutoCloseable {

    /** The well-known development account. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** The well-known development account key. */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Azurite shared;

    /** The storage services Azurite emulates here. */
    public enum Service {
        /** Queues ({@code azurite-queue}). */
        QUEUE("azurite-queue", "--queueHost", "--queuePort", "QueueEndpoint"),
        /** Blobs ({@code azurite-blob}). */
        BLOB("azurite-blob", "--blobHost", "--blobPort", "BlobEndpoint");

        private final String binary;
        private final String hostOption;
        private final String portOption;
        private final String endpointKey;

        Service(String binary, String hostOption, String portOption, String endpointKey) {
            this.binary = binary;
            this.hostOption = hostOption;
            this.portOption = portOption;
            this.endpointKey = endpointKey;
        }
    }

    /** Where Azurite keeps its data. */
    public enum Persistence {
        /** Lost when the process stops. */
        IN_MEMORY,
        /** Kept in a temporary directory across {@link #stop()} and {@link #start()}. */
        DISK
    }

    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final Map<Service, Process> processes = new EnumMap<>(Service.class);
    private final Persistence persistence;
    private final Path location;
    private final Path root;

    private Azurite(List<Service> services, Persistence persistence) {
        this.persistence = Objects.requireNonNull(persistence, "'persistence' cannot be null.");
        this.root = projectRoot();
        try {
            this.location = Files.createTempDirectory("azurite-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Service service : services) {
            ports.put(service, freePort());
        }
    }

    /**
     * The JVM's shared in-memory queue service, started on first use and stopped at exit.
     *
     * @return the running Azurite
     */
    public static synchronized Azurite shared() {
        if (shared == null) {
            Azurite azurite = new Azurite(List.of(Service.QUEUE), Persistence.IN_MEMORY);
            azurite.start();
            Runtime.getRuntime().addShutdownHook(new Thread(azurite::close, "azurite-shutdown"));
            shared = azurite;
        }
        return shared;
    }

    /**
     * Starts a dedicated Azurite; the caller closes it.
     *
     * @param persistence in memory or on disk
     * @param services the services to run
     * @return the running Azurite
     */
    public static Azurite start(Persistence persistence, Service... services) {
        Azurite azurite = new Azurite(List.of(services), persistence);
        // A JVM that exits without close() (killed test run, Ctrl-C) must not leave Azurite behind.
        azurite.shutdownHook = new Thread(azurite::stopAtExit, "azurite-shutdown");
        Runtime.getRuntime().addShutdownHook(azurite.shutdownHook);
        azurite.start();
        return azurite;
    }

    private Thread shutdownHook;

    private synchronized void stopAtExit() {
        stop(false);
    }

    /**
     * A random queue name that no other test uses.
     *
     * @param prefix a short lowercase prefix naming the test
     * @return {@code prefix-<10 random letters and digits>}
     */
    public static String randomQueueName(String prefix) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 10; i++) {
            name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    /**
     * The connection string of the development account on this Azurite's services.
     *
     * @return the connection string
     */
    public String connectionString() {
        StringBuilder cs = new StringBuilder(
                "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY + ";");
        ports.forEach((service, port) -> cs.append(service.endpointKey)
                .append("=http://127.0.0.1:")
                .append(port)
                .append('/')
                .append(ACCOUNT)
                .append(';'));
        return cs.toString();
    }

    /**
     * @param service a service this Azurite runs
     * @return its port
     */
    public int port(Service service) {
        Integer port = ports.get(service);
        if (port == null) {
            throw new IllegalArgumentException("This Azurite does not run " + service);
        }
        return port;
    }

    /** Starts every service (again) on its port and waits until each answers. */
    public synchronized void start() {
        for (Service service : ports.keySet()) {
            if (processes.containsKey(service)) {
                continue;
            }
            processes.put(service, launch(service));
        }
    }

    /**
     * Stops every service and waits until its process tree is gone: with SIGTERM for
     * {@link Persistence#DISK} (so Azurite saves its data), at once for in-memory.
     */
    public synchronized void stop() {
        stop(persistence == Persistence.DISK);
    }

    private void stop(boolean graceful) {
        for (Process process : processes.values()) {
            kill(process, graceful);
        }
        processes.clear();
    }

    @Override
    public synchronized void close() {
        stop(false);
        deleteRecursively(location);
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // Already exiting: the hook is running or ran.
            }
            shutdownHook = null;
        }
    }

    private Process launch(Service service) {
        Path binary = root.resolve("node_modules").resolve(".bin").resolve(service.binary);
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Azurite is not installed: " + binary + " is missing. Run"
                    + " `npm ci --no-audit --no-fund` in " + root + " (as .ci/run does); the Azure tests need"
                    + " a real Azurite.");
        }
        int port = ports.get(service);
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                service.hostOption,
                "127.0.0.1",
                service.portOption,
                Integer.toString(port),
                "--silent"));
        if (persistence == Persistence.IN_MEMORY) {
            command.add("--inMemoryPersistence");
        } else {
            command.add("--location");
            command.add(location.resolve(service.name().toLowerCase()).toString());
        }
        Path log = location.resolve(service.name().toLowerCase() + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Azurite could not be started: " + command, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite " + service + " exited with " + process.exitValue()
                        + " on port " + port + ": " + readLog(log));
            }
            if (answers(port)) {
                return process;
            }
            sleep(50);
        }
        kill(process, false);
        throw new IllegalStateException("Azurite " + service + " did not answer on port " + port + " within "
                + START_TIMEOUT + ": " + readLog(log));
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Kills an Azurite process tree. Gracefully first when its data must survive: on SIGTERM it
     * saves its database, but it also waits for clients' keep-alive connections to close, which
     * can take until the 10-second limit here.
     */
    private static void kill(Process process, boolean graceful) {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        if (graceful) {
            process.destroy();
        } else {
            process.destroyForcibly();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("Azurite (pid " + process.pid() + ") did not stop within 20 s.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The project root: the nearest directory holding {@code mvnw}, looking upwards from the
     * system property {@code backgroundjobs.root} (set by the build) or else from the working
     * directory.
     *
     * @return the root
     */
    public static Path projectRoot() {
        String property = System.getProperty("backgroundjobs.root");
        Path start = property != null && !property.isBlank() && Files.isDirectory(Paths.get(property))
                ? Paths.get(property).toAbsolutePath()
                : Paths.get("").toAbsolutePath();
        // A sample built on its own reports its own folder as the root: look upwards from there too.
        Path dir = start;
        for (int depth = 0; dir != null && depth < 10; depth++, dir = dir.getParent()) {
            if (Files.exists(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the project root (a directory holding mvnw) from " + start
                + ": set -Dbackgroundjobs.root or run from inside the project.");
    }

    private static String readLog(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no output)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Azurite", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
