package io.github.aobackgroundjobs.dashboard;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * <p>Use {@link ServletPrincipalAuthenticator} to take the signed-in user from the container.
 * Event streams run in async mode, written by the dashboard's own threads, so they do not hold
 * container threads. Thread-safe.
 */
public class DashboardServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Dashboard<?> dashboard;

    /** @param dashboard the dashboard to serve */
    public DashboardServlet(Dashboard<?> dashboard) {
        this.dashboard = Objects.requireNonNull(dashboard, "'dashboard' cannot be null.");
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo();
        if (path == null || path.isEmpty()) {
            resp.setStatus(303);
            resp.setHeader("Location", req.getRequestURI() + "/");
            return;
        }
        byte[] body = readBody(req.getInputStream());
        if (body == null) {
            resp.sendError(413);
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
        resp.setStatus(response.status());
        response.headers().forEach(resp::setHeader);
        if (response.eventStream() != null) {
            AsyncContext async = req.startAsync();
            async.setTimeout(0);
            ServletOutputStream out = resp.getOutputStream();
            resp.flushBuffer();
            response.eventStream().start(new AsyncSink(async, out));
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

    /** Writes an event stream to an async response; completes it once. */
    private static final class AsyncSink implements EventSink {
        private final AsyncContext async;
        private final ServletOutputStream out;
        private final AtomicBoolean closed = new AtomicBoolean();

        AsyncSink(AsyncContext async, ServletOutputStream out) {
            this.async = async;
            this.out = out;
        }

        @Override
        public void write(byte[] chunk) throws IOException {
            out.write(chunk);
            out.flush();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    async.complete();
                } catch (IllegalStateException e) {
                    // Already completed by the container (client gone): nothing left to do.
                }
            }
        }
    }
}
