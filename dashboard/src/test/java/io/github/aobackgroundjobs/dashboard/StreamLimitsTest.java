package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.StreamSockets;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Live streams over real HTTP on the JDK server: the number of threads does not grow with the
 * number of open streams, and each user may hold only so many.
 */
class StreamLimitsTest {

    /** An open event stream read by the test thread only when asked: no thread per stream here either. */
    private record Stream(Socket socket, String head) implements AutoCloseable {
        int status() {
            return Integer.parseInt(head.substring(9, 12));
        }

        String readUntil(String marker) throws IOException {
            return StreamSockets.readUntil(socket, marker);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static String login(DashboardFixture fx, String user) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(fx.uri("api/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + user + "\",\"password\":\""
                                        + DashboardFixture.PASSWORD + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static Stream open(DashboardFixture fx, String cookie) throws IOException {
        Socket socket = StreamSockets.open(fx.server.port(), "/api/events", cookie);
        Stream s = new Stream(socket, "");
        String head = s.readUntil("\r\n\r\n");
        return new Stream(socket, head);
    }

    private static int threads() throws InterruptedException {
        Thread.sleep(300); // let threads that are ending end
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    @Test
    void theThreadCountDoesNotGrowWithTheNumberOfOpenStreams() throws Exception {
        try (DashboardFixture fx = new DashboardFixture(b -> b.maxStreamsPerUser(1_000))) {
            String cookie = login(fx, "alice");
            List<Stream> streams = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    streams.add(open(fx, cookie));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> fx.dashboard.subscriberCount() == 50);
                int withFifty = threads();
                for (int i = 0; i < 50; i++) {
                    streams.add(open(fx, cookie));
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> fx.dashboard.subscriberCount() == 100);
                int withHundred = threads();
                System.out.printf("Threads with 50 open streams: %d; with 100: %d%n", withFifty, withHundred);
                assertThat(withHundred - withFifty)
                        .as("threads added by 50 more streams")
                        .isLessThanOrEqualTo(3);

                Long id = fx.queueFor("alice", "quick", "to every stream");
                for (Stream s : streams) {
                    assertThat(s.status()).isEqualTo(200);
                    assertThat(s.readUntil("\"id\":\"" + id + "\"")).contains("event: job");
                }
            } finally {
                for (Stream s : streams) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aStreamEndsWhenItsSignInEnds_andAnotherSessionsStreamGoesOn() throws Exception {
        try (DashboardFixture fx = new DashboardFixture(b -> b.heartbeat(Duration.ofSeconds(1)))) {
            String first = login(fx, "alice");
            String second = login(fx, "alice");
            try (Stream signedOut = open(fx, first);
                    Stream stays = open(fx, second)) {
                assertThat(signedOut.status()).isEqualTo(200);
                signedOut.readUntil("event: ready");
                stays.readUntil("event: ready");

                HttpResponse<String> logout = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(fx.uri("api/logout"))
                                        .header("Cookie", first)
                                        .POST(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(logout.statusCode()).isEqualTo(200);

                // At the next heartbeat (a second here) the stream says why and ends.
                assertThat(signedOut.readUntil("event: signedout")).doesNotContain("event: job");
                // The response ends after it, complete: the chunked body's last chunk, not a
                // connection cut mid-body (which clients report as a failed transfer).
                assertThat(signedOut.readUntil("\r\n0\r\n\r\n")).doesNotContain("event:");
                await().atMost(Duration.ofSeconds(10)).until(() -> fx.dashboard.subscriberCount() == 1);

                Long id = fx.queueFor("alice", "quick", "after the sign-out");
                assertThat(stays.readUntil("\"id\":\"" + id + "\"")).contains("event: job");
            }
        }
    }

    @Test
    void aUserPastTheStreamCapIsAnswered429UntilOneCloses() throws Exception {
        try (DashboardFixture fx = new DashboardFixture(b -> b.heartbeat(Duration.ofSeconds(1)))) {
            assertThat(Dashboard.DEFAULT_MAX_STREAMS_PER_USER).isEqualTo(10);
            String alice = login(fx, "alice");
            List<Stream> streams = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    streams.add(open(fx, alice));
                    assertThat(streams.get(i).status()).isEqualTo(200);
                }
                try (Stream refused = open(fx, alice)) {
                    assertThat(refused.status()).isEqualTo(429);
                    assertThat(refused.head()).containsIgnoringCase("Retry-After:");
                    assertThat(refused.readUntil("}"))
                            .contains("Too many open live streams for this user (at most 10)");
                }
                try (Stream bob = open(fx, login(fx, "bob"))) {
                    assertThat(bob.status()).as("another user").isEqualTo(200);
                }

                streams.remove(0).close();
                // The server notices the closed connection at its next write (a keep-alive within a second).
                await().atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            Stream again = open(fx, alice);
                            if (again.status() == 200) {
                                streams.add(again);
                                return true;
                            }
                            again.close();
                            return false;
                        });
            } finally {
                for (Stream s : streams) {
                    s.close();
                }
            }
        }
    }
}
