package io.github.aobackgroundjobs.azure.testing;

import static java.util.Objects.requireNonNull;

import io.github.aobackgroundjobs.azure.testing.internal.AzuriteBackend;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A running Azurite (the Azure Storage emulator) with the development account's connection
 * string, for tests: Testcontainers' {@code AzuriteContainer} when a Docker engine answers, the
 * npm Azurite in local processes otherwise. Missing Azurite fails the test with instructions;
 * it never skips.
 *
 * <pre>{@code
 * try (Azurite azurite = Azurite.builder().build()) {
 *     QueueServiceClient queues = new QueueServiceClientBuilder()
 *             .connectionString(azurite.connectionString()).buildClient();
 * }
 * }</pre>
 *
 * <p>Settings, each a system property or else the environment variable named in brackets:
 *
 * <ul>
 *   <li>{@value #MODE_PROPERTY} [{@code BACKGROUNDJOBS_AZURITE}]: {@code docker}, {@code npm} or
 *       {@code auto} (the default: Docker when an engine answers, npm otherwise); see {@link Mode}.
 *   <li>{@value #IMAGE_PROPERTY} [{@code BACKGROUNDJOBS_AZURITE_IMAGE}]: the Docker image,
 *       {@value #DEFAULT_IMAGE} by default; any other image is taken as a compatible substitute
 *       for it.
 *   <li>{@value #EXECUTABLE_PROPERTY} [{@code BACKGROUNDJOBS_AZURITE_EXECUTABLE}]: the npm
 *       {@code azurite} launcher (or its directory); by default the nearest {@code
 *       node_modules/.bin} upwards from the working directory, then {@code PATH}.
 * </ul>
 *
 * <p>Testcontainers' own settings apply in Docker mode ({@code DOCKER_HOST}, {@code
 * TESTCONTAINERS_RYUK_DISABLED}, ...). A builder's explicit {@link AzuriteBuilder#mode}, {@link
 * AzuriteBuilder#image} or {@link AzuriteBuilder#executable} wins over the settings.
 *
 * <p>Thread-safe: every method that reads or changes the running services holds the instance's
 * lock. {@link #close()} is also registered as a JVM shutdown hook, so an interrupted test run
 * leaves no Azurite behind.
 */
public final class Azurite implements AutoCloseable {

    /** The well-known development account. */
    public static final String ACCOUNT = "devstoreaccount1";

    /** The well-known development account's key. */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /** The setting that chooses the {@link Mode}: {@code docker}, {@code npm} or {@code auto}. */
    public static final String MODE_PROPERTY = "backgroundjobs.azurite";

    /** The setting that names the Docker image. */
    public static final String IMAGE_PROPERTY = "backgroundjobs.azurite.image";

    /** The setting that locates the npm Azurite. */
    public static final String EXECUTABLE_PROPERTY = "backgroundjobs.azurite.executable";

    /** Microsoft's Azurite image, the default in Docker mode. */
    public static final String DEFAULT_IMAGE = "mcr.microsoft.com/azure-storage/azurite";

    // 45 + "-" + 10 random characters = 56, the longest job queue name the clients take.
    private static final int MAX_PREFIX_LENGTH = 45;

    private static final Pattern PREFIX = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Azurite shared;

    /** How Azurite runs. */
    public enum Mode {
        /** Testcontainers' {@code AzuriteContainer}; fails when no Docker engine answers. */
        DOCKER,
        /** The npm package's launchers, one local process per service on free loopback ports. */
        NPM,
        /** {@link #DOCKER} when a Docker engine answers, {@link #NPM} otherwise. */
        AUTO
    }

    /** The storage services the fixture offers. */
    public enum Service {
        /** Queues. */
        QUEUE("QueueEndpoint"),
        /** Blobs. */
        BLOB("BlobEndpoint");

        private final String connectionStringKey;

        Service(String connectionStringKey) {
            this.connectionStringKey = connectionStringKey;
        }
    }

    /** Where Azurite keeps its data. */
    public enum Persistence {
        /** In memory: lost when Azurite stops. */
        IN_MEMORY,
        /** On disk (npm mode only): kept across {@link #stop()} and {@link #start()}. */
        DISK
    }

    private final Mode mode;
    private final Set<Service> services;
    private final AzuriteBackend backend;
    private final Thread shutdownHook;
    private boolean closed;

    Azurite(Mode mode, Set<Service> services, AzuriteBackend backend) {
        this.mode = mode;
        this.services = Set.copyOf(services);
        this.backend = backend;
        this.shutdownHook = new Thread(this::closeAtExit, "azurite-shutdown");
    }

    /**
     * A builder for a dedicated Azurite, which the caller closes.
     *
     * @return a builder with queue and blob, in memory, the mode from the settings
     */
    public static AzuriteBuilder builder() {
        return new AzuriteBuilder();
    }

    /**
     * Starts a dedicated Azurite in the mode the settings choose; the caller closes it.
     *
     * @param persistence in memory or on disk ({@link Persistence#DISK} implies npm mode)
     * @param services the services to run
     * @return the running Azurite
     * @throws IllegalStateException if Azurite cannot be found or does not start
     */
    public static Azurite start(Persistence persistence, Service... services) {
        AzuriteBuilder builder = builder().persistence(persistence).services(services);
        if (persistence == Persistence.DISK) {
            builder.mode(Mode.NPM);
        }
        return builder.build();
    }

    /**
     * The JVM's shared Azurite (queue and blob, in memory, the mode from the settings), started
     * on first use and stopped at exit. Tests that share it take their own queue names ({@link
     * #randomQueueName}); {@link #close()} on it is ignored.
     *
     * @return the running Azurite
     * @throws IllegalStateException if Azurite cannot be found or does not start
     */
    public static synchronized Azurite shared() {
        if (shared == null) {
            shared = builder().build();
            shared.sharedInstance = true;
        }
        return shared;
    }

    private boolean sharedInstance;

    /**
     * A queue (or container) name no other test uses.
     *
     * @param prefix a short lowercase prefix naming the test: 1 to 45
     *     lowercase letters, digits and single hyphens, starting and ending with a letter or
     *     digit, so that the name is one Azure and this project's job clients (56 characters at
     *     most, room for {@code -poison}) accept
     * @return {@code prefix-<10 random lowercase letters and digits>}
     * @throws IllegalArgumentException if {@code prefix} breaks those rules, naming {@code 'prefix'}
     * @throws NullPointerException if {@code prefix} is null, naming it
     */
    public static String randomQueueName(String prefix) {
        requireNonNull(prefix, "'prefix' cannot be null.");
        if (prefix.length() > MAX_PREFIX_LENGTH || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("'prefix' must be 1 to " + MAX_PREFIX_LENGTH
                    + " lowercase letters, digits and single hyphens, starting and ending with a letter or digit: '"
                    + prefix + "'");
        }
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 10; i++) {
            name.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return name.toString();
    }

    /**
     * @return how this Azurite runs: {@link Mode#DOCKER} or {@link Mode#NPM}, never {@link Mode#AUTO}
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The development account's connection string for this Azurite's services, e.g. {@code
     * DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=...;QueueEndpoint=http://127.0.0.1:41234/devstoreaccount1;}.
     *
     * @return the connection string
     * @throws IllegalStateException if this Azurite is closed
     */
    public synchronized String connectionString() {
        requireOpen();
        StringBuilder cs = new StringBuilder(
                "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY + ";");
        for (Service service : Service.values()) {
            if (services.contains(service)) {
                cs.append(service.connectionStringKey)
                        .append('=')
                        .append(backend.endpoint(service))
                        .append(';');
            }
        }
        return cs.toString();
    }

    /**
     * @return the queue service's endpoint, e.g. {@code http://127.0.0.1:41234/devstoreaccount1}
     * @throws IllegalArgumentException if this Azurite runs no queue service
     * @throws IllegalStateException if this Azurite is closed
     */
    public URI queueEndpoint() {
        return endpoint(Service.QUEUE);
    }

    /**
     * @return the blob service's endpoint, e.g. {@code http://127.0.0.1:41235/devstoreaccount1}
     * @throws IllegalArgumentException if this Azurite runs no blob service
     * @throws IllegalStateException if this Azurite is closed
     */
    public URI blobEndpoint() {
        return endpoint(Service.BLOB);
    }

    /**
     * @param service a service this Azurite runs
     * @return its endpoint for the development account
     * @throws IllegalArgumentException if this Azurite does not run it
     * @throws IllegalStateException if this Azurite is closed
     */
    public synchronized URI endpoint(Service service) {
        requireNonNull(service, "'service' cannot be null.");
        requireOpen();
        return backend.endpoint(service);
    }

    /**
     * @param service a service this Azurite runs
     * @return its port on the endpoint's host
     * @throws IllegalArgumentException if this Azurite does not run it
     * @throws IllegalStateException if this Azurite is closed
     */
    public int port(Service service) {
        return endpoint(service).getPort();
    }

    /**
     * The local process that runs a service, for measurements such as its CPU time.
     *
     * @param service a service this Azurite runs
     * @return the process in npm mode while it runs; empty in Docker mode, while stopped or once
     *     closed
     * @throws IllegalArgumentException if this Azurite does not run it
     */
    public synchronized Optional<ProcessHandle> process(Service service) {
        requireNonNull(service, "'service' cannot be null.");
        return backend.process(service);
    }

    /**
     * Stops every service, keeping the ports (and, with {@link Persistence#DISK}, the data) for
     * {@link #start()}: for tests of storage outages. In memory the processes are killed at once;
     * on disk they get SIGTERM so Azurite saves its data, and are killed after the stop timeout.
     *
     * @return false if a service had to be killed after the stop timeout
     * @throws UnsupportedOperationException in Docker mode (a restarted container gets new ports)
     * @throws IllegalStateException if this Azurite is closed or is the {@link #shared()} one
     */
    public synchronized boolean stop() {
        requireOpen();
        if (sharedInstance) {
            throw new IllegalStateException("The shared Azurite cannot be stopped: start a dedicated one.");
        }
        return backend.stop();
    }

    /**
     * Starts every stopped service again on its port and returns once each accepts connections.
     * Services already running are left alone.
     *
     * @throws IllegalStateException if this Azurite is closed, another process took a service's
     *     port while it was stopped, or a service does not start in time
     */
    public synchronized void start() {
        requireOpen();
        backend.start();
    }

    /** Stops Azurite for good and deletes its temporary files. Idempotent; ignored on the {@link #shared()} one. */
    @Override
    public synchronized void close() {
        if (sharedInstance || closed) {
            return;
        }
        closed = true;
        backend.close();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already exiting: the hook is running or ran.
        }
    }

    synchronized void startAndRegister() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            backend.start();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private synchronized void closeAtExit() {
        if (!closed) {
            closed = true;
            backend.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("This Azurite is closed");
        }
    }
}
