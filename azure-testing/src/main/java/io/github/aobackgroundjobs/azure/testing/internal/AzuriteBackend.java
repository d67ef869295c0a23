package io.github.aobackgroundjobs.azure.testing.internal;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.net.URI;
import java.util.Optional;

/**
 * One way of running Azurite: the npm package in local processes, or a Docker container.
 * Not part of the public API. Implementations are confined by {@link Azurite}, which
 * synchronizes every call.
 */
public interface AzuriteBackend {

    /** Starts every service (again) and returns once each one accepts connections. */
    void start();

    /**
     * Stops every service, keeping what {@link #start()} needs to start them again.
     *
     * @return false if a service keeping its data on disk had to be killed after the stop timeout
     */
    boolean stop();

    /** Stops everything for good and deletes what this backend created. */
    void close();

    /**
     * @param service a service this backend runs
     * @return the service's endpoint for the development account, e.g. {@code http://host:port/devstoreaccount1}
     */
    URI endpoint(Azurite.Service service);

    /**
     * @param service a service this backend runs
     * @return the process running it, where it is a local process
     */
    Optional<ProcessHandle> process(Azurite.Service service);
}
