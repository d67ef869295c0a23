package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that sends its request slowly is cut off by {@link DashboardHttpServer}'s default
 * limit on receiving a request, instead of holding a server thread for ever; other clients are
 * served meanwhile. In a JVM of its own: the JDK reads the limit when its first server starts.
 */
class SlowClientTest {

    @Test
    void aClientSendingItsRequestSlowlyIsCutOffAfterTheLimit() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process server = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, SlowClientServer.class.getName())
                .redirectErrorStream(true)
                .start();
        try {
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            int port = -1;
            String limit = null;
            while (port < 0 || limit == null) {
                String line = out.readLine();
                if (line == null) {
                    break;
                }
                if (line.startsWith("PORT ")) {
                    port = Integer.parseInt(line.substring(5).trim());
                } else if (line.startsWith("LIMIT ")) {
                    limit = line.substring(6).trim();
                }
            }
            // The server's log goes on: keep reading it, or a full pipe would stall the server.
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // discarded
                    }
                } catch (java.io.IOException e) {
                    // the server is gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            assertThat(port).as("the server's port").isPositive();
            assertThat(limit).isEqualTo(Integer.toString(DashboardHttpServer.DEFAULT_MAX_REQUEST_SECONDS));

            List<Socket> slow = new ArrayList<>();
            try {
                // Headers never finished, and a body promised but never sent.
                slow.add(send(port, "GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
                slow.add(send(
                        port,
                        "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 60000\r\n\r\n{"));
                long start = System.nanoTime();

                HttpResponse<String> meanwhile = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                assertThat(meanwhile.statusCode())
                        .as("another client meanwhile")
                        .isEqualTo(200);

                for (Socket socket : slow) {
                    assertThat(closedWithin(socket, Duration.ofSeconds(60)))
                            .as("the slow connection is closed by the server")
                            .isTrue();
                }
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
                assertThat(seconds)
                        .as("cut off at the limit, not before")
                        .isBetween((long) DashboardHttpServer.DEFAULT_MAX_REQUEST_SECONDS - 2, 60L);
            } finally {
                for (Socket socket : slow) {
                    socket.close();
                }
            }
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private static Socket send(int port, String partialRequest) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write(partialRequest.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Reads until the server closes the connection, within the time given. */
    private static boolean closedWithin(Socket socket, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (java.io.IOException e) {
                return true; // reset by the server
            }
        }
        return false;
    }
}
