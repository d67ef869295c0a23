package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.StreamSockets;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A page of another origin on the dashboard's host (another port: the same site, so Chromium
 * sends the {@code SameSite=Strict} session cookie with its requests) asks for the user's live
 * stream again and again. It cannot read the answers, but each stream it opened would hold one of
 * the user's slots until the dashboard noticed the connection had gone, and the user's own pages
 * would be refused 429 meanwhile.
 */
class CrossSiteStreamBrowserTest {

    @Test
    void aPageOfAnotherOriginCannotTakeTheUsersStreamSlots() throws Exception {
        try (DashboardFixture fx = new DashboardFixture();
                Browser browser = new Browser()) {
            String target = "http://127.0.0.1:" + fx.server.port() + "/api/events";
            byte[] page = ("<!DOCTYPE html><html><body><script>window.asked = 0; setInterval(function () {"
                            + " var c = new AbortController(); window.asked++;"
                            + " fetch('" + target + "', {mode: 'no-cors', credentials: 'include', signal: c.signal})"
                            + ".catch(function () {});"
                            + " setTimeout(function () { c.abort(); }, 300); }, 100);</script></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            other.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            });
            other.start();
            try {
                browser.signIn(fx.server.uri(), "alice", "");
                String cookie = "bgjobs_session="
                        + browser.driver
                                .manage()
                                .getCookieNamed("bgjobs_session")
                                .getValue();
                browser.driver.get("http://127.0.0.1:" + other.getAddress().getPort() + "/");
                browser.waiting().until(d -> ((Number) browser.js("return window.asked;")).intValue() >= 30);

                try (Socket own = StreamSockets.open(fx.server.port(), "/api/events", cookie)) {
                    assertThat(StreamSockets.readUntil(own, "\r\n\r\n"))
                            .as("the user's own stream while the other page asks")
                            .startsWith("HTTP/1.1 200");
                }
            } finally {
                other.stop(0);
            }
        }
    }
}
