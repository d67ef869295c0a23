package io.github.aobackgroundjobs.azure.testing;

import static java.util.Objects.requireNonNull;

import io.github.aobackgroundjobs.azure.testing.internal.AzuriteBackend;
import io.github.aobackgroundjobs.azure.testing.internal.DockerAzurite;
import io.github.aobackgroundjobs.azure.testing.internal.NpmAzurite;
import io.github.aobackgroundjobs.azure.testing.internal.NpmExecutables;
import io.github.aobackgroundjobs.azure.testing.internal.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Configures and starts an {@link Azurite}. Unset choices come from the settings described on
 * {@link Azurite}. Not thread-safe; {@link #build()} may be called more than once, each call
 * starting a new Azurite. A null argument throws {@link NullPointerException} naming it.
 */
public final class AzuriteBuilder {

    /** How long the npm Azurite may take to accept connections: 60 seconds (Node starts slowly on a busy machine). */
    public static final Duration DEFAULT_NPM_START_TIMEOUT = Duration.ofSeconds(60);

    /** How long the container may take to start and answer: 2 minutes (image start on a busy machine). */
    public static final Duration DEFAULT_DOCKER_START_TIMEOUT = Duration.ofMinutes(2);

    /** How long an npm Azurite keeping data on disk may take to exit on SIGTERM: 10 seconds. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

    private Azurite.Mode mode;
    private Set<Azurite.Service> services = EnumSet.allOf(Azurite.Service.class);
    private Azurite.Persistence persistence = Azurite.Persistence.IN_MEMORY;
    private Path location;
    private String image;
    private Path executable;
    private final List<String> options = new ArrayList<>();
    private Duration startTimeout;
    private Duration stopTimeout = DEFAULT_STOP_TIMEOUT;

    AzuriteBuilder() {}

    /**
     * @param mode how Azurite runs; by default the {@value Azurite#MODE_PROPERTY} setting, else {@link Azurite.Mode#AUTO}
     * @return this builder
     */
    public AzuriteBuilder mode(Azurite.Mode mode) {
        this.mode = requireNonNull(mode, "'mode' cannot be null.");
        return this;
    }

    /**
     * @param services the services to run (by default queue and blob); one named twice runs once
     * @return this builder
     * @throws IllegalArgumentException if none is given, naming {@code 'services'}
     * @throws NullPointerException if {@code services} is or holds null, naming it
     */
    public AzuriteBuilder services(Azurite.Service... services) {
        requireNonNull(services, "'services' cannot be null.");
        if (services.length == 0) {
            throw new IllegalArgumentException("'services' needs at least one service.");
        }
        for (Azurite.Service service : services) {
            requireNonNull(service, "'services' cannot hold null.");
        }
        this.services = EnumSet.copyOf(Arrays.asList(services));
        return this;
    }

    /**
     * @param persistence in memory (the default) or on disk; on disk needs npm mode
     * @return this builder
     */
    public AzuriteBuilder persistence(Azurite.Persistence persistence) {
        this.persistence = requireNonNull(persistence, "'persistence' cannot be null.");
        return this;
    }

    /**
     * @param location where the npm Azurite keeps its data (on disk) and its logs; it is kept
     *     after {@link Azurite#close()}. By default a new temporary directory, deleted on close
     * @return this builder
     */
    public AzuriteBuilder location(Path location) {
        this.location = requireNonNull(location, "'location' cannot be null.");
        return this;
    }

    /**
     * @param image the Docker image; by default the {@value Azurite#IMAGE_PROPERTY} setting, else
     *     {@value Azurite#DEFAULT_IMAGE}; ignored in npm mode
     * @return this builder
     * @throws IllegalArgumentException if blank, naming {@code 'image'}
     */
    public AzuriteBuilder image(String image) {
        requireNonNull(image, "'image' cannot be null.");
        if (image.isBlank()) {
            throw new IllegalArgumentException("'image' cannot be blank.");
        }
        this.image = image;
        return this;
    }

    /**
     * @param executable the npm {@code azurite} launcher or its directory; by default the
     *     {@value Azurite#EXECUTABLE_PROPERTY} setting, else {@code node_modules/.bin} upwards from
     *     the working directory, else {@code PATH}
     * @return this builder
     */
    public AzuriteBuilder executable(Path executable) {
        this.executable = requireNonNull(executable, "'executable' cannot be null.");
        return this;
    }

    /**
     * @param options further command-line options for the npm Azurite (each service gets them),
     *     e.g. {@code --loose}, added to those of earlier calls; ignored in Docker mode
     * @return this builder
     * @throws NullPointerException if {@code options} is or holds null, naming it; no option of
     *     this call is added then
     */
    public AzuriteBuilder options(String... options) {
        requireNonNull(options, "'options' cannot be null.");
        for (String option : options) {
            requireNonNull(option, "'options' cannot hold null.");
        }
        this.options.addAll(Arrays.asList(options));
        return this;
    }

    /**
     * @param startTimeout how long Azurite may take to start; by default {@link
     *     #DEFAULT_NPM_START_TIMEOUT} or {@link #DEFAULT_DOCKER_START_TIMEOUT}
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public AzuriteBuilder startTimeout(Duration startTimeout) {
        this.startTimeout = positive(startTimeout, "startTimeout");
        return this;
    }

    /**
     * @param stopTimeout how long an npm Azurite on disk may take to exit on SIGTERM in {@link
     *     Azurite#stop()} (default {@link #DEFAULT_STOP_TIMEOUT})
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public AzuriteBuilder stopTimeout(Duration stopTimeout) {
        this.stopTimeout = positive(stopTimeout, "stopTimeout");
        return this;
    }

    /**
     * Resolves the mode and starts Azurite; returns once every service accepts connections.
     *
     * @return the running Azurite; the caller closes it
     * @throws IllegalStateException if the configuration does not fit the mode (on-disk data in
     *     Docker mode), the setting is not a mode, Azurite is not found (the message says how to
     *     install it), no Docker engine answers in Docker mode, or Azurite does not start in time
     */
    public Azurite build() {
        Azurite.Mode resolved = resolveMode();
        if (resolved == Azurite.Mode.DOCKER && persistence == Azurite.Persistence.DISK) {
            throw new IllegalStateException("On-disk persistence needs the npm Azurite: use mode(Azurite.Mode.NPM).");
        }
        AzuriteBackend backend = resolved == Azurite.Mode.DOCKER
                ? new DockerAzurite(
                        image != null
                                ? image
                                : Settings.get(Azurite.IMAGE_PROPERTY).orElse(Azurite.DEFAULT_IMAGE),
                        services,
                        startTimeout != null ? startTimeout : DEFAULT_DOCKER_START_TIMEOUT)
                : new NpmAzurite(
                        NpmExecutables.directory(
                                executable != null
                                        ? Optional.of(executable.toString())
                                        : Settings.get(Azurite.EXECUTABLE_PROPERTY),
                                executable != null ? "AzuriteBuilder.executable" : Azurite.EXECUTABLE_PROPERTY),
                        services,
                        persistence == Azurite.Persistence.IN_MEMORY,
                        location,
                        options,
                        startTimeout != null ? startTimeout : DEFAULT_NPM_START_TIMEOUT,
                        stopTimeout);
        Azurite azurite = new Azurite(resolved, services, backend);
        azurite.startAndRegister();
        return azurite;
    }

    private Azurite.Mode resolveMode() {
        Azurite.Mode chosen = mode;
        if (chosen == null) {
            String setting = Settings.get(Azurite.MODE_PROPERTY).orElse("auto");
            try {
                chosen = Azurite.Mode.valueOf(setting.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        Azurite.MODE_PROPERTY + "=" + setting + " is not one of docker, npm, auto.", e);
            }
        }
        if (chosen == Azurite.Mode.AUTO) {
            chosen = DockerAzurite.engineAnswers() ? Azurite.Mode.DOCKER : Azurite.Mode.NPM;
        }
        return chosen;
    }

    private static Duration positive(Duration duration, String name) {
        requireNonNull(duration, "'" + name + "' cannot be null.");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("'" + name + "' must be positive: " + duration);
        }
        return duration;
    }
}
