package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.LoopbackJetty;
import io.github.aobackgroundjobs.dashboard.support.StreamSockets;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/**
 * A live stream of the servlet dashboard ends with the container session it was opened under:
 * the host application's sign-out invalidates the session, and at its next keep-alive the stream
 * says so and closes, while a stream of another session goes on.
 */
class ServletSessionStreamTest {

    /** The host's sign-in reduced to a session attribute: /login?user=x signs in, /logout invalidates. */
    static final class SessionLogin implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
                throws IOException, jakarta.servlet.ServletException {
            HttpServletRequest http = (HttpServletRequest) req;
            HttpSession session = http.getSession(false);
            Object user = session == null ? null : session.getAttribute("user");
            if (user == null) {
                chain.doFilter(req, resp);
                return;
            }
            chain.doFilter(
                    new HttpServletRequestWrapper(http) {
                        @Override
                        public Principal getUserPrincipal() {
                            return user::toString;
                        }
                    },
                    resp);
        }
    }

    @Test
    void aStreamEndsWhenTheContainerSessionItWasOpenedUnderEnds() throws Exception {
        try (DashboardFixture fx = new DashboardFixture();
                Dashboard<Long> mounted = Dashboard.builder(fx.repository)
                        .authenticator(new ServletPrincipalAuthenticator("host-admin", Dashboard.DEFAULT_ADMIN_ROLE))
                        .actions(JobActions.of(fx.client))
                        .heartbeat(Duration.ofSeconds(1))
                        .build()) {
            LoopbackJetty host = new LoopbackJetty(mounted, true, ServletContextHandler.SESSIONS);
            ServletContextHandler context = host.context();
            context.addServlet(
                    new ServletHolder(new HttpServlet() {
                        @Override
                        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                            req.getSession(true).setAttribute("user", req.getParameter("user"));
                        }
                    }),
                    "/login");
            context.addServlet(
                    new ServletHolder(new HttpServlet() {
                        @Override
                        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
                            req.getSession(true).invalidate();
                        }
                    }),
                    "/logout");
            FilterHolder login = new FilterHolder(new SessionLogin());
            login.setAsyncSupported(true);
            context.addFilter(login, "/*", EnumSet.of(DispatcherType.REQUEST));
            Server jetty = host.server();
            jetty.start();
            try {
                int port = host.port();
                String first = signIn(port, "alice");
                String second = signIn(port, "alice");
                String other = signIn(port, "bob");
                try (Socket signedOut = StreamSockets.open(port, "/app/jobs/api/events", first);
                        Socket signedOutToo = StreamSockets.open(port, "/app/jobs/api/events", first);
                        Socket stays = StreamSockets.open(port, "/app/jobs/api/events", second)) {
                    StreamSockets.readUntil(signedOut, "event: ready");
                    StreamSockets.readUntil(signedOutToo, "event: ready");
                    StreamSockets.readUntil(stays, "event: ready");

                    get(port, "/app/logout", first);
                    // Another user's stream opened right after the sign-out, before the next keep-alive:
                    // it must not make the ended session's streams look signed in.
                    try (Socket later = StreamSockets.open(port, "/app/jobs/api/events", other)) {
                        StreamSockets.readUntil(later, "event: ready");

                        // Both streams of the ended session end, the second as well as the first.
                        assertThat(StreamSockets.readUntil(signedOut, "event: signedout"))
                                .doesNotContain("event: job");
                        assertThat(StreamSockets.readUntil(signedOutToo, "event: signedout"))
                                .doesNotContain("event: job");
                        await().atMost(Duration.ofSeconds(10)).until(() -> mounted.subscriberCount() == 2);
                    }
                    await().atMost(Duration.ofSeconds(10)).until(() -> mounted.subscriberCount() == 1);
                    Long id = fx.queueFor("alice", "quick", "after the sign-out");
                    assertThat(StreamSockets.readUntil(stays, "\"id\":\"" + id + "\""))
                            .contains("event: job");
                }
            } finally {
                jetty.stop();
            }
        }
    }

    private static String signIn(int port, String user) throws Exception {
        HttpResponse<String> r = get(port, "/app/login?user=" + user, null);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<String> get(int port, String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r;
    }
}
