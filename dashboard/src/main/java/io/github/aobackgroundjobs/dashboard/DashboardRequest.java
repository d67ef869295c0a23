package io.github.aobackgroundjobs.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.dashboard.internal.JsonBodies;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as the dashboard sees it, independent of any server: method, path below the
 * dashboard's mount point, query, headers, cookies and body. Adapters
 * ({@link DashboardHttpServer}, {@link DashboardServlet}) build one per request.
 *
 * <p>Immutable and thread-safe (the body array is not copied on read: do not change it).
 */
public final class DashboardRequest {

    /** Largest body the adapters read; a longer one is answered 413. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final String method;
    private final String path;
    private final Map<String, List<String>> query;
    private final Map<String, List<String>> headers;
    private final byte[] body;
    private final Object nativeRequest;
    private final String queryError;
    private final String remoteAddress;

    private DashboardRequest(Builder b) {
        this.method = b.method;
        this.path = b.path;
        // Copies: a builder may go on to build another request.
        this.query = copy(b.query);
        this.headers = copy(b.headers);
        this.body = b.body;
        this.nativeRequest = b.nativeRequest;
        this.queryError = b.queryError;
        this.remoteAddress = b.remoteAddress;
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> values) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Starts a request.
     *
     * @param method the HTTP method
     * @param path the path below the mount point, starting with {@code /}; empty is taken as
     *     {@code /}
     * @return a builder
     * @throws NullPointerException naming {@code 'method'} or {@code 'path'} if null
     * @throws IllegalArgumentException naming {@code 'path'} if it is neither empty nor starts
     *     with {@code /} (an adapter that passed the mount point on, or a relative path, would
     *     otherwise reach no route, or the wrong one)
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** @return the HTTP method in upper case */
    public String method() {
        return method;
    }

    /** @return the path below the dashboard's mount point, starting with {@code /} */
    public String path() {
        return path;
    }

    /**
     * @param name a query parameter
     * @return its first value, or empty
     */
    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @param name a query parameter
     * @return all its values, possibly none
     */
    public List<String> queryParams(String name) {
        return query.getOrDefault(name, List.of());
    }

    /**
     * Why the query string could not be read, if it could not (a {@code %} not followed by two
     * hex digits). The dashboard answers such a request 400 without looking further.
     *
     * @return the problem, or empty if the query string was read
     */
    public Optional<String> queryError() {
        return Optional.ofNullable(queryError);
    }

    /**
     * @param name a header name, any case
     * @return its first value, or empty
     */
    public Optional<String> header(String name) {
        Objects.requireNonNull(name, "'name' cannot be null.");
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /**
     * @param name a cookie name
     * @return its value, or empty
     */
    public Optional<String> cookie(String name) {
        Objects.requireNonNull(name, "'name' cannot be null.");
        for (String header : headers.getOrDefault("cookie", List.of())) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                    return Optional.of(part.substring(eq + 1).trim());
                }
            }
        }
        return Optional.empty();
    }

    /** @return the body, empty if none */
    public byte[] body() {
        return body;
    }

    /**
     * The body as JSON: the one place routes, the dashboard's own and a host's
     * ({@link Dashboard.Builder#route}), read a JSON body. The body must be strict UTF-8, valid
     * JSON with nothing after it, and nested at most 64 levels deep.
     *
     * @return the body's tree; a missing node ({@code isMissingNode()}) if the body is empty
     * @throws IllegalArgumentException naming what is wrong (the dashboard answers 400 with the message)
     */
    public JsonNode jsonBody() {
        return JsonBodies.parse(body);
    }

    /**
     * The address of the client the connection came from, as the server saw it (not a
     * forwarded-for header, which a client can make up). Sign-in throttling is keyed on it.
     *
     * @return the address, or empty if the adapter gave none
     */
    public Optional<String> remoteAddress() {
        return Optional.ofNullable(remoteAddress);
    }

    /** @return the body as UTF-8 text (malformed bytes replaced; use {@link #jsonBody()} for JSON) */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The server's own request object, for a host's {@link DashboardAuthenticator} (for
     * example a {@code jakarta.servlet.http.HttpServletRequest} or a
     * {@code com.sun.net.httpserver.HttpExchange}).
     *
     * @return the native request, or null if the adapter gave none
     */
    public Object nativeRequest() {
        return nativeRequest;
    }

    /**
     * Parses {@code a=1&b=2} form or query text.
     *
     * @param text the encoded text, or null
     * @return the parameters in order of appearance
     * @throws IllegalArgumentException if a {@code %} is not followed by two hex digits
     */
    public static Map<String, List<String>> parseForm(String text) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return result;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    /**
     * Builds a {@link DashboardRequest}. Not thread-safe. May go on after {@link #build()}: a request
     * built earlier does not change.
     */
    public static final class Builder {
        private final String method;
        private final String path;
        private final Map<String, List<String>> query = new LinkedHashMap<>();
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];
        private Object nativeRequest;
        private String queryError;
        private String remoteAddress;

        private Builder(String method, String path) {
            this.method =
                    Objects.requireNonNull(method, "'method' cannot be null.").toUpperCase(Locale.ROOT);
            Objects.requireNonNull(path, "'path' cannot be null.");
            if (!path.isEmpty() && !path.startsWith("/")) {
                throw new IllegalArgumentException("'path' must start with '/', not " + quoted(path) + ".");
            }
            this.path = path.isEmpty() ? "/" : path;
        }

        /** A path from a client can be of any length: the message shows its start. */
        private static String quoted(String path) {
            return "'" + (path.length() > 100 ? path.substring(0, 100) + "..." : path) + "'";
        }

        /**
         * Sets the query parameters. A malformed query string does not throw here (an adapter
         * could not answer then): the request keeps no parameters from it and reports the
         * problem through {@link DashboardRequest#queryError()}, which the dashboard answers 400.
         *
         * @param rawQuery the URL-encoded query string, or null
         * @return this
         */
        public Builder rawQuery(String rawQuery) {
            Map<String, List<String>> parsed;
            try {
                parsed = parseForm(rawQuery);
            } catch (IllegalArgumentException e) {
                queryError = "The query string is malformed: a '%' must be followed by two hex digits.";
                return this;
            }
            parsed.forEach(
                    (k, v) -> query.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
            return this;
        }

        /**
         * @param name a header name
         * @param value one of its values
         * @return this
         */
        public Builder header(String name, String value) {
            Objects.requireNonNull(name, "'name' cannot be null.");
            if (value != null) {
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(value);
            }
            return this;
        }

        /**
         * @param body the body bytes
         * @return this
         */
        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "'body' cannot be null.");
            return this;
        }

        /**
         * @param nativeRequest the server's own request object
         * @return this
         */
        public Builder nativeRequest(Object nativeRequest) {
            this.nativeRequest = nativeRequest;
            return this;
        }

        /**
         * @param remoteAddress the client's address as the server saw it, or null
         * @return this
         */
        public Builder remoteAddress(String remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        /** @return the request */
        public DashboardRequest build() {
            return new DashboardRequest(this);
        }
    }
}
