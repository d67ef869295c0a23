package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.LoopbackJetty;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The same pages mounted in an existing application on embedded Jetty 12 through
 * {@link DashboardServlet}, behind the application's own sign-in (here a host session cookie
 * turned into the servlet principal by the host's filter).
 */
class ServletJettyBrowserTest {

    private static DashboardFixture fx;
    private static Dashboard<Long> mounted;
    private static Server jetty;
    private static URI app;
    private static Browser browser;

    /** The host application's own login, reduced to its effect: a principal on each request. */
    static final class HostLoginFilter implements Filter {
        @Override
        public void doFilter(
                jakarta.servlet.ServletRequest req,
                jakarta.servlet.ServletResponse resp,
                jakarta.servlet.FilterChain chain)
                throws IOException, jakarta.servlet.ServletException {
            HttpServletRequest http = (HttpServletRequest) req;
            String user = null;
            if (http.getCookies() != null) {
                for (Cookie c : http.getCookies()) {
                    if (c.getName().equals("host_user")) {
                        user = c.getValue();
                    }
                }
            }
            if (user == null) {
                chain.doFilter(req, resp);
                return;
            }
            String name = user;
            chain.doFilter(
                    new HttpServletRequestWrapper(http) {
                        @Override
                        public Principal getUserPrincipal() {
                            return () -> name;
                        }

                        @Override
                        public boolean isUserInRole(String role) {
                            return role.equals("host-admin") && name.equals("root");
                        }
                    },
                    resp);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture();
        mounted = Dashboard.builder(fx.repository)
                .authenticator(new ServletPrincipalAuthenticator("host-admin", Dashboard.DEFAULT_ADMIN_ROLE))
                .actions(JobActions.of(fx.client))
                .renderer("ZipRequest", io.github.aobackgroundjobs.dashboard.support.ZipJob.renderer(fx.serializer))
                .build();
        LoopbackJetty host = new LoopbackJetty(mounted, true, ServletContextHandler.NO_SESSIONS);
        ServletContextHandler context = host.context();
        context.addServlet(
                new ServletHolder(new HttpServlet() {
                    @Override
                    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                        resp.setContentType("text/plain");
                        resp.getWriter().write("host application");
                    }
                }),
                "/hello");
        FilterHolder login = new FilterHolder(new HostLoginFilter());
        login.setAsyncSupported(true);
        context.addFilter(login, "/*", EnumSet.of(DispatcherType.REQUEST));
        jetty = host.server();
        jetty.start();
        app = URI.create("http://127.0.0.1:" + host.port() + "/app/");
        browser = new Browser();
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (jetty != null) {
                jetty.stop();
            }
            if (mounted != null) {
                mounted.close();
            }
            if (fx != null) {
                fx.close();
            }
        }
    }

    private void signInAtHost(String user) {
        browser.driver.get(app.resolve("hello").toString());
        browser.driver.manage().deleteAllCookies();
        browser.driver.manage().addCookie(new org.openqa.selenium.Cookie("host_user", user, "/app"));
    }

    @Test
    void theBellWorksLiveInsideJetty() {
        signInAtHost("alice");
        browser.driver.get(app.resolve("jobs/").toString());
        browser.waiting()
                .until(d -> "true".equals(browser.find("[data-bgjobs-bell]").getAttribute("data-connected")));
        Long id = fx.queueFor("alice", "step", "in-jetty");
        String sel = ".bgj-job[data-job-id='" + id + "']";
        browser.waiting()
                .until(d -> !d.findElements(By.cssSelector(sel + "[data-status='RUNNING']"))
                        .isEmpty());
        browser.waiting()
                .until(d -> !d.findElements(By.cssSelector(sel + "[data-status='SUCCEEDED']"))
                        .isEmpty());
        browser.find(sel + " .bgj-clear").click();
        browser.waiting().until(d -> d.findElements(By.cssSelector(sel)).isEmpty());
        assertThat(fx.repository.getJob(id).isCleared()).isTrue();
        assertThat(fx.repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void theAdminViewNeedsTheHostsAdminRole() {
        Long id = fx.queueFor("alice", "quick", "for-admin");
        org.awaitility.Awaitility.await()
                .atMost(Browser.WAIT)
                .until(() -> fx.repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
        signInAtHost("alice");
        browser.driver.get(app.resolve("jobs/admin").toString());
        assertThat(browser.driver.getPageSource()).contains("admin role").doesNotContain("bgj-jobs");
        signInAtHost("root");
        browser.driver.get(app.resolve("jobs/admin").toString());
        browser.waiting()
                .until(d -> !d.findElements(By.cssSelector("#bgj-jobs tbody tr[data-job-id='" + id + "']"))
                        .isEmpty());
        browser.waiting().until(d -> browser.find("#bgj-live").getText().equals("live"));
        browser.waiting().until(d -> browser.find("#bgj-user").getText().equals("root"));
        // The host signs users in and out: a Sign out of the dashboard's own would sign nobody out.
        org.awaitility.Awaitility.await()
                .during(java.time.Duration.ofSeconds(1))
                .atMost(java.time.Duration.ofSeconds(3))
                .until(() -> !browser.find("#bgj-logout").isDisplayed());
    }

    @Test
    void withoutTheHostsLoginEverythingIsRefused() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String path : new String[] {"jobs/", "jobs/api/jobs", "jobs/api/events", "jobs/admin"}) {
            HttpResponse<String> r =
                    http.send(HttpRequest.newBuilder(app.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Security-Policy")).isPresent();
        }
        HttpResponse<String> redirect =
                http.send(HttpRequest.newBuilder(app.resolve("jobs")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(303);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/app/jobs/");
    }
}
