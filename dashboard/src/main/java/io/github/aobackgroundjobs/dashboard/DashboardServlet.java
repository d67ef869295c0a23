package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.dashboard.internal.DashboardHandler;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Objects;

/**
 * Serves a {@link Dashboard} inside a Jakarta Servlet 6 container (Jetty, Tomcat, Spring Boot),
 * behind the application's own login. Map it to a path with a wildcard, e.g. {@code /jobs/*},
 * with async support on:
 *
 * <pre>{@code
 * ServletHolder holder = new ServletHolder(new DashboardServlet(dashboard));
 * holder.setAsyncSupported(true);
 * context.addServlet(holder, "/jobs/*");
 * }</pre>
 *
 * <p>The bare mapping ({@code /jobs}) is redirected to {@code /jobs/}, its query string kept.
 * Use {@link ServletPrincipalAuthenticator} to take the signed-in user from the container.
 * Event streams run in async mode with non-blocking output, written by the dashboard's few shared
 * writer threads, so they hold neither container threads nor a thread per browser. Thread-safe.
 */
public class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DashboardServlet.class);

    private final transient Dashboard<?> dashboard;

    /** @param dashboard the dashboard to serve */
    public DashboardServlet(Dashboard<?> dashboard) {
        this.dashboard = Objects.requireNonNull(dashboard, "'dashboard' cannot be null.");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null || path.isEmpty()) {
            // The query goes along: a link to the bare mount with parameters must reach the page with them.
            String query = req.getQueryString();
            DashboardResponse redirect = DashboardHandler.secure(
                    DashboardResponse.redirect(req.getRequestURI() + "/" + (query == null ? "" : "?" + query)), false);
            resp.setStatus(redirect.status());
            redirect.headers().forEach(resp::setHeader);
            return;
        }
        byte[] body = readBody(req.getInputStream());
        if (body == null) {
            DashboardResponse tooLarge = DashboardHttpServer.tooLarge(path);
            resp.setStatus(tooLarge.status());
            tooLarge.headers().forEach(resp::setHeader);
            resp.setContentLength(tooLarge.body().length);
            resp.getOutputStream().write(tooLarge.body());
            return;
        }
        DashboardRequest.Builder request = DashboardRequest.builder(req.getMethod(), path)
                .rawQuery(req.getQueryString())
                .body(body)
                .remoteAddress(req.getRemoteAddr())
                .nativeRequest(req);
        for (String name : Collections.list(req.getHeaderNames())) {
            for (String value : Collections.list(req.getHeaders(name))) {
                request.header(name, value);
            }
        }
        DashboardResponse response = dashboard.handle(request.build());
        if (response.eventStream() != null && !req.isAsyncSupported()) {
            // The container's own answer to startAsync() would be a bare 500 naming nothing.
            response.eventStream().abandon();
            LOG.error(
                    "DashboardServlet is registered without async support, so it cannot serve {}: register it"
                            + " with setAsyncSupported(true) (or @WebServlet(asyncSupported = true))",
                    req.getRequestURI());
            response = DashboardHandler.secure(
                    DashboardResponse.json(
                            500,
                            "{\"error\":\"Live updates are not available: the dashboard's servlet is registered"
                                    + " without async support.\"}"),
                    true);
        }
        resp.setStatus(response.status());
        response.headers().forEach(resp::setHeader);
        if (response.eventStream() != null) {
            AsyncSink sink;
            try {
                AsyncContext async = req.startAsync();
                async.setTimeout(0);
                ServletOutputStream out = resp.getOutputStream();
                resp.flushBuffer();
                sink = new AsyncSink(async, out);
                out.setWriteListener(sink);
            } catch (IOException | RuntimeException e) {
                response.eventStream().abandon();
                throw e;
            }
            response.eventStream().start(sink);
            return;
        }
        if (response.body().length > 0) {
            resp.setContentLength(response.body().length);
            resp.getOutputStream().write(response.body());
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(DashboardRequest.MAX_BODY_BYTES + 1);
        return bytes.length > DashboardRequest.MAX_BODY_BYTES ? null : bytes;
    }

    /**
     * Writes an event stream to an async response without blocking (Servlet non-blocking
     * output): what the container cannot take yet waits here, up to {@link #MAX_PENDING_BYTES},
     * and goes out when the container calls {@link #onWritePossible}. A client further behind
     * than that is not reading: the write throws and the dashboard drops the stream.
     */
    private static final class AsyncSink implements EventSink, WriteListener {
        /** Bytes waiting for a slow client before its stream is dropped. */
        static final int MAX_PENDING_BYTES = 256 * 1024;

        private final AsyncContext async;
        private final ServletOutputStream out;
        private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
        private int pendingBytes;
        private boolean needsFlush;
        private boolean closed;

        AsyncSink(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        @Override
        public synchronized void write(byte[] chunk) throws IOException {
            if (closed) {
                throw new IOException("The event stream is closed.");
            }
            pending.add(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes > MAX_PENDING_BYTES) {
                throw new IOException("The client is over " + MAX_PENDING_BYTES + " bytes behind.");
            }
            drain();
        }

        @Override
        public synchronized void onWritePossible() throws IOException {
            if (!closed) {
                drain();
            }
        }

        /** Writes while the container is ready; isReady() returning false arranges the next onWritePossible. */
        private void drain() throws IOException {
            while (out.isReady()) {
                byte[] next = pending.poll();
                if (next == null) {
                    if (!needsFlush) {
                        return;
                    }
                    needsFlush = false;
                    out.flush();
                    continue;
                }
                pendingBytes -= next.length;
                out.write(next);
                needsFlush = true;
            }
        }

        @Override
        public void onError(Throwable t) {
            close();
        }

        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                pending.clear();
            }
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // Already completed by the container (client gone): nothing left to do.
            }
        }
    }
}
