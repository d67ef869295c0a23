package io.github.aobackgroundjobs.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The dashboard's HTML, CSS, JS and SVG files, read once from the jar when the dashboard starts.
 *
 * <p>The files are a fixed list: a name outside it is answered empty without a look at the class
 * path and without being remembered, so asking for any number of made-up names (the assets are
 * served before sign-in) costs no memory.
 */
public final class StaticResources {

    private static final String ROOT = "/io/github/aobackgroundjobs/dashboard/static/";

    /** Every file in {@code static/}; a test checks the list against the directory. */
    static final Set<String> FILES = Set.of(
            "admin.html",
            "admin.js",
            "bell.js",
            "charts.js",
            "common.js",
            "dashboard.css",
            "icon.svg",
            "index.html",
            "login.html",
            "login.js",
            "page.js",
            "recurring.js");

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");

    private final Map<String, Resource> files;

    /** A file and its media type. */
    public record Resource(String contentType, byte[] bytes) {}

    /**
     * Reads every file.
     *
     * @throws IllegalStateException if a listed file is missing from the jar
     * @throws UncheckedIOException if one cannot be read
     */
    public StaticResources() {
        Map<String, Resource> loaded = new HashMap<>();
        for (String name : FILES) {
            loaded.put(name, load(name));
        }
        files = Map.copyOf(loaded);
    }

    /**
     * @param name a file name such as {@code bell.js}
     * @return the file, or empty if there is none of that name
     */
    public Optional<Resource> get(String name) {
        return Optional.ofNullable(files.get(name));
    }

    private static Resource load(String name) {
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        try (InputStream in = StaticResources.class.getResourceAsStream(ROOT + name)) {
            if (in == null || type == null) {
                throw new IllegalStateException("The dashboard's file '" + name + "' is missing from its jar.");
            }
            return new Resource(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
