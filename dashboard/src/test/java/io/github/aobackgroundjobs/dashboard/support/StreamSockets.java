package io.github.aobackgroundjobs.dashboard.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** An event stream read off a raw socket, by the test thread only when asked: no thread per stream. */
public final class StreamSockets {

    private StreamSockets() {}

    /**
     * Opens {@code GET path} with the cookie on a socket with a 10 s read timeout.
     *
     * @param port the server's port on 127.0.0.1
     * @param path the stream's path, e.g. {@code /api/events}
     * @param cookie the {@code Cookie} header's value
     * @return the socket, the request sent
     * @throws IOException if it cannot connect
     */
    public static Socket open(int port, String path, String cookie) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream()
                .write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nCookie: " + cookie
                                + "\r\nAccept: text/event-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        return socket;
    }

    /**
     * @param socket an open stream
     * @param marker the text to wait for
     * @return everything read up to and including the marker
     * @throws IOException if the stream ends first, or nothing comes for the socket's timeout
     */
    public static String readUntil(Socket socket, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        // Keep-alives keep the read timeout from firing: the whole wait is bounded too.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no '" + marker + "' within 20 s: " + seen);
            }
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before '" + marker + "': " + seen);
            }
            seen.write(b);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }
}
