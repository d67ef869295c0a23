package io.github.aobackgroundjobs.azure.testing.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads a fixture setting: the system property, else the environment variable of the same
 * name in upper case with dots as underscores ({@code backgroundjobs.azurite.image} →
 * {@code BACKGROUNDJOBS_AZURITE_IMAGE}). The environment form reaches forked test JVMs and
 * nested builds without touching their command lines. Not part of the public API.
 */
public final class Settings {

    private Settings() {}

    /**
     * @param property the system property's name
     * @return its non-blank value, from the property or else the environment
     */
    public static Optional<String> get(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(environmentName(property));
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * @param property a system property's name
     * @return the matching environment variable's name
     */
    public static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_');
    }
}
