package io.github.aobackgroundjobs.dashboard;

import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.dashboard.internal.DashboardHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves a {@link Dashboard} on the JDK's built-in {@link HttpServer}: standalone
 * ({@link #start}) or beside an application's own contexts ({@link #mount}). No servlet
 * container needed.
 *
 * <pre>{@code
 * try (DashboardHttpServer server = DashboardHttpServer.start(dashboard, new InetSocketAddress(8080))) {
 *     // http://localhost:8080/ is the bell page, /admin the admin view
 * }
 * }</pre>
 *
 * <p>Thread-safe. Event streams are written by the dashboard's few shared writer threads, so
 * neither the server's executor nor a thread per browser is held by open streams.
 */
public final class DashboardHttpServer implements AutoCloseable {

    /** The JDK server's switch for TCP_NODELAY, read once when its first server is created. */
    static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    /**
     * The JDK server's limit, in seconds, on receiving a request (its headers and body), read
     * once when its first server is created; none by default.
     */
    static final String MAX_REQUEST_TIME_PROPERTY = "sun.net.httpserver.maxReqTime";

    /** Seconds a client gets to send its whole request, unless the application set the limit. */
    static final int DEFAULT_MAX_REQUEST_SECONDS = 30;

    static {
        // Event-stream writes are small: with Nagle's algorithm on, one waits for the previous
        // one's delayed ACK (tens of ms). A value the application set is left alone.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
        // Without a limit a client sending its request a byte at a time holds a thread for ever.
        // Open event streams are responses, which this limit does not cover.
        if (System.getProperty(MAX_REQUEST_TIME_PROPERTY) == null) {
            System.setProperty(MAX_REQUEST_TIME_PROPERTY, Integer.toString(DEFAULT_MAX_REQUEST_SECONDS));
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private DashboardHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts a server that serves only the dashboard, at the root path.
     *
     * @param dashboard the dashboard
     * @param address where to listen (port 0 picks a free port)
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static DashboardHttpServer start(Dashboard<?> dashboard, InetSocketAddress address) throws IOException {
        Objects.requireNonNull(dashboard, "'dashboard' cannot be null.");
        Objects.requireNonNull(address, "'address' cannot be null.");
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = newExecutor();
        server.setExecutor(executor);
        mount(server, "/", dashboard);
        server.start();
        return new DashboardHttpServer(server, executor);
    }

    /**
     * Serves the dashboard under a path of an existing server. Give the server an executor
     * ({@link HttpServer#setExecutor}) if it has none: the default runs every request on one thread.
     *
     * @param server the application's server
     * @param contextPath where to mount it, e.g. {@code /jobs} (or {@code /})
     * @param dashboard the dashboard
     * @return the server's context
     * @throws IllegalArgumentException if the path does not start with {@code /}
     */
    public static HttpContext mount(HttpServer server, String contextPath, Dashboard<?> dashboard) {
        Objects.requireNonNull(server, "'server' cannot be null.");
        String mount = normalize(contextPath);
        return server.createContext(mount.isEmpty() ? "/" : mount, handler(contextPath, dashboard));
    }

    /**
     * The handler alone, for hosts that register contexts themselves.
     *
     * @param contextPath the path the handler's context is registered at
     * @param dashboard the dashboard
     * @return the handler
     * @throws IllegalArgumentException if the path does not start with {@code /}
     */
    public static HttpHandler handler(String contextPath, Dashboard<?> dashboard) {
        Objects.requireNonNull(dashboard, "'dashboard' cannot be null.");
        String mount = normalize(contextPath);
        return exchange -> serve(exchange, mount, dashboard);
    }

    /** @return the port the server listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * @return the dashboard's URL: on the address the server listens on, or on the loopback
     *     address {@code 127.0.0.1} if it listens on all addresses
     */
    public URI uri() {
        InetAddress address = server.getAddress().getAddress();
        if (address == null || address.isAnyLocalAddress()) {
            return URI.create("http://127.0.0.1:" + port() + "/");
        }
        // A server bound to one address answers on that one only, 127.0.0.1 included.
        String host = address.getHostAddress();
        int zone = host.indexOf('%');
        if (zone >= 0) {
            host = host.substring(0, zone);
        }
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /** Stops the server (waiting at most a second for requests in flight). Calling it again does nothing. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ExecutorService newExecutor() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bgjobs-dashboard-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    private static String normalize(String contextPath) {
        Objects.requireNonNull(contextPath, "'contextPath' cannot be null.");
        if (!contextPath.startsWith("/")) {
            throw new IllegalArgumentException("'contextPath' must start with '/'.");
        }
        String p = contextPath;
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static void serve(HttpExchange exchange, String mount, Dashboard<?> dashboard) throws IOException {
        boolean streaming = false;
        try {
            String fullPath = exchange.getRequestURI().getPath();
            String path = fullPath.startsWith(mount) ? fullPath.substring(mount.length()) : null;
            // The JDK hands a context every path that merely starts with it: "/jobsfoo" to "/jobs".
            if (path == null || !(path.isEmpty() || path.startsWith("/"))) {
                send(exchange, DashboardHandler.secure(DashboardResponse.text(404, "Not found."), false));
                return;
            }
            if (path.isEmpty()) {
                // The query goes along: a link to the bare mount with parameters must reach the page with them.
                String query = exchange.getRequestURI().getRawQuery();
                send(
                        exchange,
                        DashboardHandler.secure(
                                DashboardResponse.redirect(mount + "/" + (query == null ? "" : "?" + query)), false));
                return;
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                send(exchange, tooLarge(path));
                return;
            }
            DashboardRequest.Builder request = DashboardRequest.builder(exchange.getRequestMethod(), path)
                    .rawQuery(exchange.getRequestURI().getRawQuery())
                    .body(body)
                    .remoteAddress(
                            exchange.getRemoteAddress() == null
                                    ? null
                                    : exchange.getRemoteAddress().getAddress().getHostAddress())
                    .nativeRequest(exchange);
            for (Map.Entry<String, List<String>> h :
                    exchange.getRequestHeaders().entrySet()) {
                for (String v : h.getValue()) {
                    request.header(h.getKey(), v);
                }
            }
            DashboardResponse response = dashboard.handle(request.build());
            if (response.eventStream() != null) {
                response.headers()
                        .forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                try {
                    exchange.sendResponseHeaders(200, 0);
                } catch (IOException | RuntimeException e) {
                    response.eventStream().abandon();
                    throw e;
                }
                streaming = true;
                response.eventStream().start(new ExchangeSink(exchange));
                return;
            }
            send(exchange, response);
        } finally {
            if (!streaming) {
                exchange.close();
            }
        }
    }

    /** The answer to a body over {@link DashboardRequest#MAX_BODY_BYTES}, with the dashboard's headers. */
    static DashboardResponse tooLarge(String path) {
        return DashboardHandler.secure(
                DashboardResponse.json(
                        413,
                        "{\"error\":\"The request body is larger than " + DashboardRequest.MAX_BODY_BYTES
                                + " bytes.\"}"),
                path.startsWith("/api/"));
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(DashboardRequest.MAX_BODY_BYTES + 1);
        return bytes.length > DashboardRequest.MAX_BODY_BYTES ? null : bytes;
    }

    private static void send(HttpExchange exchange, DashboardResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = response.body();
        boolean noBody = body.length == 0 || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Writes an event stream to an exchange; the exchange is closed once. */
    private static final class ExchangeSink implements EventSink {
        private final HttpExchange exchange;
        private final OutputStream out;
        private final AtomicBoolean closed = new AtomicBoolean();

        ExchangeSink(HttpExchange exchange) {
            this.exchange = exchange;
            this.out = exchange.getResponseBody();
        }

        @Override
        public void write(byte[] chunk) throws IOException {
            out.write(chunk);
            out.flush();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                exchange.close();
            }
        }

        /**
         * The JDK server writes through an interruptible channel: a write attempted by an
         * interrupted thread closes the connection at once instead of waiting for a client that
         * does not read, so closing with the flag set aborts.
         */
        @Override
        public void abort() {
            if (closed.compareAndSet(false, true)) {
                boolean wasInterrupted = Thread.interrupted();
                Thread.currentThread().interrupt();
                try {
                    exchange.close();
                } finally {
                    Thread.interrupted();
                    if (wasInterrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
    }
}
