package io.github.aobackgroundjobs.dashboard.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.dashboard.DashboardHttpServer;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardServlet;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of {@link DashboardHttpServer} (start, mount, handler, close) and
 * {@link DashboardServlet}'s constructor, over real HTTP on the loopback address.
 */
class HttpServerJavadocTest {

    @Test
    void startPicksAFreePortForPortZero_andUriIsTheLoopbackUrlOfTheDashboard() throws Exception {
        try (Direct d = new Direct();
                DashboardHttpServer server =
                        DashboardHttpServer.start(d.dashboard, new InetSocketAddress("127.0.0.1", 0))) {
            assertThat(server.port()).isPositive();
            assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.1:" + server.port() + "/"));
            HttpResponse<String> me = new HttpSession(server.uri()).get("api/me");
            assertThat(me.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void uriNamesTheAddressTheServerListensOn_theLoopbackOneWhenItListensOnAll() throws Exception {
        try (Direct d = new Direct();
                DashboardHttpServer server =
                        DashboardHttpServer.start(d.dashboard, new InetSocketAddress("127.0.0.2", 0));
                DashboardHttpServer everywhere = DashboardHttpServer.start(d.dashboard, new InetSocketAddress(0))) {
            assertThat(server.uri()).isEqualTo(URI.create("http://127.0.0.2:" + server.port() + "/"));
            assertThat(new HttpSession(server.uri()).get("login").statusCode()).isEqualTo(200);
            assertThat(everywhere.uri()).isEqualTo(URI.create("http://127.0.0.1:" + everywhere.port() + "/"));
            assertThat(new HttpSession(everywhere.uri()).get("login").statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void startThrowsIOExceptionWhenThePortIsTaken() throws Exception {
        try (Direct d = new Direct();
                DashboardHttpServer first =
                        DashboardHttpServer.start(d.dashboard, new InetSocketAddress("127.0.0.1", 0))) {
            assertThatThrownBy(() ->
                            DashboardHttpServer.start(d.dashboard, new InetSocketAddress("127.0.0.1", first.port())))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> DashboardHttpServer.start(null, new InetSocketAddress(0)))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("'dashboard'");
            assertThatThrownBy(() -> DashboardHttpServer.start(d.dashboard, null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("'address'");
        }
    }

    @Test
    void afterCloseTheServerAnswersNoMore_andClosingAgainDoesNothing() throws Exception {
        try (Direct d = new Direct()) {
            DashboardHttpServer server = DashboardHttpServer.start(d.dashboard, new InetSocketAddress("127.0.0.1", 0));
            HttpSession client = new HttpSession(server.uri());
            assertThat(client.get("login").statusCode()).isEqualTo(200);
            server.close();
            assertThatThrownBy(() -> client.get("login")).isInstanceOf(IOException.class);
            assertThatCode(server::close).doesNotThrowAnyException();
        }
    }

    @Test
    void mountAndHandlerNeedAPathStartingWithASlash_aTrailingSlashIsTheSameMount() throws Exception {
        HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        app.setExecutor(threads);
        try (Direct d = new Direct()) {
            assertThatThrownBy(() -> DashboardHttpServer.mount(app, "jobs", d.dashboard))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'contextPath'");
            assertThatThrownBy(() -> DashboardHttpServer.handler("jobs", d.dashboard))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'contextPath'");
            assertThatThrownBy(() -> DashboardHttpServer.handler(null, d.dashboard))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("'contextPath'");
            assertThatThrownBy(() -> DashboardHttpServer.handler("/jobs", null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("'dashboard'");
            assertThatThrownBy(() -> DashboardHttpServer.mount(null, "/jobs", d.dashboard))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("'server'");
            assertThat(DashboardHttpServer.mount(app, "/jobs/", d.dashboard).getPath())
                    .isEqualTo("/jobs");
            app.createContext("/own", DashboardHttpServer.handler("/own", d.dashboard));
            app.start();
            URI base = URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/");
            HttpSession client = new HttpSession(base);
            HttpResponse<String> bare = client.get("jobs");
            assertThat(bare.statusCode()).isEqualTo(303);
            assertThat(bare.headers().firstValue("Location")).hasValue("/jobs/");
            // The query string goes along to the page.
            assertThat(client.get("jobs?next=admin%2F&x=1").headers().firstValue("Location"))
                    .hasValue("/jobs/?next=admin%2F&x=1");
            assertThat(client.get("jobs/login").statusCode()).isEqualTo(200);
            assertThat(client.get("own/login").statusCode()).isEqualTo(200);
            assertThat(client.get("own/api/me").statusCode()).isEqualTo(401);
        } finally {
            app.stop(0);
            threads.shutdownNow();
        }
    }

    @Test
    void aBodyOverMaxBodyBytesIsAnswered413() throws Exception {
        try (Direct d = new Direct();
                DashboardHttpServer server =
                        DashboardHttpServer.start(d.dashboard, new InetSocketAddress("127.0.0.1", 0))) {
            HttpSession client = new HttpSession(server.uri());
            HttpResponse<String> tooLarge = client.client()
                    .send(
                            client.request("api/login")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                                            new byte[DashboardRequest.MAX_BODY_BYTES + 1]))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(HttpSession.json(tooLarge).path("error").asText())
                    .contains(Integer.toString(DashboardRequest.MAX_BODY_BYTES));
            assertThat(tooLarge.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            HttpResponse<String> atTheLimit = client.client()
                    .send(
                            client.request("api/login")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                                            new byte[DashboardRequest.MAX_BODY_BYTES]))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(atTheLimit.statusCode())
                    .as("read, then refused for what it says")
                    .isNotEqualTo(413);
        }
    }

    @Test
    void theServletNeedsADashboard() {
        assertThatThrownBy(() -> new DashboardServlet(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'dashboard'");
    }
}
