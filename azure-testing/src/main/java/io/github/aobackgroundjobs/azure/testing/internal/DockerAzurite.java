package io.github.aobackgroundjobs.azure.testing.internal;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.azure.AzuriteContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Azurite in a Docker container through Testcontainers' {@link AzuriteContainer}. The image is
 * the setting's, taken as a compatible substitute for Microsoft's so that a locally built image
 * works too. Endpoints use the host and mapped ports Testcontainers reports (on some machines a
 * Docker bridge address, not 127.0.0.1). Not part of the public API; confined by {@link Azurite}.
 */
public final class DockerAzurite implements AzuriteBackend {

    private static final int BLOB_PORT = 10000;
    private static final int QUEUE_PORT = 10001;

    private final String image;
    private final Set<Azurite.Service> services;
    private final Duration startTimeout;
    private AzuriteContainer container;

    /**
     * @param image the image name, e.g. {@link Azurite#DEFAULT_IMAGE}
     * @param services the services callers may ask endpoints of (the container runs all of them)
     * @param startTimeout how long the container may take to start and answer
     */
    public DockerAzurite(String image, Set<Azurite.Service> services, Duration startTimeout) {
        this.image = image;
        this.services = Set.copyOf(services);
        this.startTimeout = startTimeout;
    }

    /**
     * @return whether a Docker engine answers Testcontainers (its usual discovery: {@code
     *     DOCKER_HOST}, {@code ~/.testcontainers.properties}, the default socket)
     */
    public static boolean engineAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void start() {
        if (container != null) {
            return;
        }
        if (!engineAnswers()) {
            throw new IllegalStateException("Azurite in Docker mode needs a Docker engine, and none answered"
                    + " Testcontainers (DOCKER_HOST, ~/.testcontainers.properties, /var/run/docker.sock). Start one,"
                    + " or use the npm Azurite with -D" + Azurite.MODE_PROPERTY + "=npm.");
        }
        DockerImageName name = DockerImageName.parse(image).asCompatibleSubstituteFor(Azurite.DEFAULT_IMAGE);
        AzuriteContainer started = new AzuriteContainer(name).withStartupTimeout(startTimeout);
        try {
            started.start();
        } catch (RuntimeException e) {
            started.stop();
            throw new IllegalStateException(
                    "Azurite did not start in Docker from image " + image + " within " + startTimeout
                            + " (set the image with -D" + Azurite.IMAGE_PROPERTY + "=<name>)",
                    e);
        }
        container = started;
    }

    /**
     * Not supported: a stopped container comes back on other ports.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public boolean stop() {
        throw new UnsupportedOperationException("A Docker Azurite cannot be stopped and started again on the same"
                + " ports: build it with mode(Azurite.Mode.NPM) to test outages.");
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    @Override
    public URI endpoint(Azurite.Service service) {
        if (!services.contains(service)) {
            throw new IllegalArgumentException("This Azurite does not run " + service);
        }
        if (container == null) {
            throw new IllegalStateException("Azurite is not running");
        }
        int port = service == Azurite.Service.QUEUE ? QUEUE_PORT : BLOB_PORT;
        return URI.create(
                "http://" + container.getHost() + ":" + container.getMappedPort(port) + "/" + Azurite.ACCOUNT);
    }

    @Override
    public Optional<ProcessHandle> process(Azurite.Service service) {
        return Optional.empty();
    }
}
