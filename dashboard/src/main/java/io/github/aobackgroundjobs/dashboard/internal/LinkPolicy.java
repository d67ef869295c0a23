package io.github.aobackgroundjobs.dashboard.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which link targets the dashboard shows as links. A same-origin target is a path: it starts
 * with a single {@code /} (not {@code //}) or with neither {@code /} nor a scheme. Browsers
 * read a backslash as a slash and drop tabs and newlines inside URLs, so {@code /\evil.example/}
 * and {@code \\evil.example/x} lead off-site: targets with backslashes or control characters
 * are never links. An absolute http(s) URL is a link only when its origin is on the
 * application's allow-list. Stateless and thread-safe.
 */
public final class LinkPolicy {

    private LinkPolicy() {}

    /**
     * @param target a link target
     * @return why it can never be a link, or empty if it is a same-origin path or an http(s) URL
     */
    public static Optional<String> problem(String target) {
        if (target.isEmpty()) {
            return Optional.of("it is empty");
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '\\') {
                return Optional.of("it contains a backslash, which browsers read as a slash");
            }
            if (c <= 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isWhitespace(c)) {
                return Optional.of("it contains a space or control character (U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + ")");
            }
        }
        if (target.startsWith("//")) {
            return Optional.of("it starts with '//', which leads to another site");
        }
        if (isSamePath(target)) {
            return Optional.empty();
        }
        return origin(target).isPresent()
                ? Optional.empty()
                : Optional.of("it is neither a path on this site nor an http(s) URL with a host");
    }

    /**
     * @param target a target {@link #problem} accepts
     * @return true if it stays on the dashboard's own origin
     */
    public static boolean isSamePath(String target) {
        int colon = target.indexOf(':');
        int slash = target.indexOf('/');
        boolean hasScheme = colon >= 0 && (slash < 0 || colon < slash);
        return !hasScheme && !target.startsWith("//");
    }

    /**
     * @param target an absolute URL
     * @return its origin ({@code scheme://host[:port]}, lower case), if it is an http(s) URL with a host
     */
    public static Optional<String> origin(String target) {
        try {
            URI uri = new URI(target);
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("http".equals(scheme) || "https".equals(scheme))
                    || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort()));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
