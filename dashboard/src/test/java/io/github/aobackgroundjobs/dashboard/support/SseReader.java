package io.github.aobackgroundjobs.dashboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Reads a server-sent-events stream into a queue of events. */
public final class SseReader implements AutoCloseable {

    /** One event. */
    public record Event(String id, String name, String data) {
        public JsonNode json() {
            try {
                return new ObjectMapper().readTree(data);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> lines;

    public SseReader(HttpSession session, URI uri, String lastEventId) {
        HttpRequest.Builder b = session.request(uri.toString())
                .timeout(Duration.ofDays(1))
                .header("Accept", "text/event-stream")
                .GET();
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        response = session.client().sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            lines = r.body();
            String[] id = {null};
            String[] name = {"message"};
            StringBuilder data = new StringBuilder();
            try {
                lines.forEach(line -> {
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(new Event(id[0], name[0], data.toString()));
                        }
                        id[0] = null;
                        name[0] = "message";
                        data.setLength(0);
                    } else if (line.startsWith("id: ")) {
                        id[0] = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                        name[0] = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    }
                });
            } catch (RuntimeException e) {
                // stream closed
            }
        });
    }

    public int status() throws Exception {
        return response.get(10, TimeUnit.SECONDS).statusCode();
    }

    public HttpResponse<Stream<String>> response() throws Exception {
        return response.get(10, TimeUnit.SECONDS);
    }

    /** Waits for the first event matching, consuming the ones before it. */
    public Event await(Predicate<Event> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Event e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("No matching event within " + timeout);
            }
            if (match.test(e)) {
                return e;
            }
        }
    }

    /** Everything received so far, consumed. */
    public List<Event> drain() {
        List<Event> list = new ArrayList<>();
        events.drainTo(list);
        return list;
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
        response.cancel(true);
    }
}
