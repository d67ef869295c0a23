package io.github.aobackgroundjobs.azure.testing.internal;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The npm Azurite: one local process per service ({@code azurite-queue}, {@code azurite-blob})
 * on free loopback ports chosen once, so a restart keeps the endpoints. Not part of the public
 * API; confined by {@link Azurite}.
 */
public final class NpmAzurite implements AzuriteBackend {

    private static final String HOST = "127.0.0.1";
    private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private final Path launchers;
    private final Map<Azurite.Service, Integer> ports = new EnumMap<>(Azurite.Service.class);
    private final Map<Azurite.Service, Process> processes = new EnumMap<>(Azurite.Service.class);
    private final boolean inMemory;
    private final Path location;
    private final boolean ownsLocation;
    private final List<String> options;
    private final Duration startTimeout;
    private final Duration stopTimeout;

    /**
     * @param launchers the directory of the npm launchers ({@link NpmExecutables#directory})
     * @param services the services to run
     * @param inMemory whether data is kept in memory only
     * @param location where data (when on disk) and logs go; null for a new temporary directory, deleted on close
     * @param options further Azurite command-line options
     * @param startTimeout how long a service may take to accept connections
     * @param stopTimeout how long a service may take to exit on SIGTERM before it is killed
     */
    public NpmAzurite(
            Path launchers,
            Set<Azurite.Service> services,
            boolean inMemory,
            Path location,
            List<String> options,
            Duration startTimeout,
            Duration stopTimeout) {
        this.launchers = launchers;
        this.inMemory = inMemory;
        this.options = List.copyOf(options);
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
        try {
            this.ownsLocation = location == null;
            this.location = ownsLocation ? Files.createTempDirectory("azurite-") : Files.createDirectories(location);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Azurite's directory", e);
        }
        for (Azurite.Service service : services) {
            ports.put(service, freePort());
        }
    }

    @Override
    public void start() {
        for (Azurite.Service service : ports.keySet()) {
            if (!processes.containsKey(service)) {
                processes.put(service, launch(service));
            }
        }
    }

    @Override
    public boolean stop() {
        boolean graceful = true;
        for (Process process : processes.values()) {
            // In memory nothing is lost by killing at once; on disk SIGTERM lets Azurite save its data.
            if (inMemory) {
                kill(process);
            } else {
                graceful &= terminate(process);
            }
        }
        processes.clear();
        return graceful;
    }

    @Override
    public void close() {
        processes.values().forEach(NpmAzurite::kill);
        processes.clear();
        if (ownsLocation) {
            deleteRecursively(location);
        }
    }

    @Override
    public URI endpoint(Azurite.Service service) {
        return URI.create("http://" + HOST + ":" + port(service) + "/" + Azurite.ACCOUNT);
    }

    @Override
    public Optional<ProcessHandle> process(Azurite.Service service) {
        port(service);
        return Optional.ofNullable(processes.get(service)).map(Process::toHandle);
    }

    private int port(Azurite.Service service) {
        Integer port = ports.get(service);
        if (port == null) {
            throw new IllegalArgumentException("This Azurite does not run " + service);
        }
        return port;
    }

    private Process launch(Azurite.Service service) {
        String name = service.name().toLowerCase(Locale.ROOT);
        int port = ports.get(service);
        List<String> command = new ArrayList<>(List.of(
                NpmExecutables.launcher(launchers, "azurite-" + name).toString(),
                "--" + name + "Host",
                HOST,
                "--" + name + "Port",
                Integer.toString(port),
                "--silent",
                // Without this the telemetry client keeps Node alive after SIGTERM.
                "--disableTelemetry"));
        if (inMemory) {
            command.add("--inMemoryPersistence");
        } else {
            command.add("--location");
            command.add(location.resolve(name).toString());
        }
        command.addAll(options);
        // Another process listening there would answer the readiness check in Azurite's place.
        if (!free(port)) {
            throw new IllegalStateException("Azurite " + service + " cannot start: port " + port + " on " + HOST
                    + " is taken by another process");
        }
        Path log = location.resolve(name + ".log");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("Azurite could not be started: " + command, e);
        }
        long deadline = System.nanoTime() + startTimeout.toNanos();
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
        kill(process);
        throw new IllegalStateException("Azurite " + service + " did not answer on port " + port + " within "
                + startTimeout + ": " + readLog(log));
    }

    private boolean terminate(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
        kill(process);
        return false;
    }

    private static void kill(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            if (!process.waitFor(KILL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(
                        "Azurite (pid " + process.pid() + ") did not exit within " + KILL_TIMEOUT + " of SIGKILL.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            return socket.isBound();
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
