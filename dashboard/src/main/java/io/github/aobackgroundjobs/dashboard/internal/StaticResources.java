package io.github.aobackgroundjobs.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The dashboard's HTML, CSS, JS and SVG files, read once from the jar and kept. */
public final class StaticResources {

    private static final String ROOT = "/io/github/aobackgroundjobs/dashboard/static/";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{0,60}");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private final Map<String, Optional<Resource>> cache = new ConcurrentHashMap<>();

    /** A file and its media type. */
    public record Resource(String contentType, byte[] bytes) {}

    /**
     * @param name a file name such as {@code bell.js}
     * @return the file, or empty if there is none (names are checked: no paths)
     */
    public Optional<Resource> get(String name) {
        if (!NAME.matcher(name).matches() || name.contains("..")) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, StaticResources::load);
    }

    private static Optional<Resource> load(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        String type = TYPES.get(ext);
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = StaticResources.class.getResourceAsStream(ROOT + name)) {
            return in == null ? Optional.empty() : Optional.of(new Resource(type, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
