package io.github.aobackgroundjobs.benchmarks.dashboard;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardHttpServer;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Server-sent-events fan-out under load: N healthy subscribers read every update of one user's
 * jobs, S stalled subscribers connect and never read, and the repository publishes U updates a
 * second. Reports the delivery latency (publish to line read by the subscriber), how many
 * deliveries arrived, the stalled subscribers dropped, and the heap after GC over the run.
 *
 * <p>Usage: {@code java -Xmx512m -cp benchmarks/target/benchmarks.jar
 * io.github.aobackgroundjobs.benchmarks.dashboard.FanOutHarness [subscribers=500] [updatesPerSecond=100]
 * [seconds=60] [stalled=50]}
 */
public final class FanOutHarness {

    private static final String USER = "load";
    private static final String PASSWORD = "load-password";
    private static final String MARK = "\"progressMessage\":\"";

    private FanOutHarness() {}

    public static void main(String[] args) throws Exception {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int stalled = args.length > 3 ? Integer.parseInt(args[3]) : 50;

        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        PasswordAuthenticator users = PasswordAuthenticator.builder()
                .user(USER, PasswordAuthenticator.hashPassword(PASSWORD.toCharArray(), 1_000))
                .build();
        AtomicLongArray histogram = new AtomicLongArray(10_001); // 1 ms buckets, the last one is ">= 10 s"
        AtomicLong delivered = new AtomicLong();
        try (Dashboard<Long> dashboard = Dashboard.builder(repository)
                        .authenticator(users)
                        .actions(JobActions.of(client))
                        .maxStreamsPerUser(10_000) // every subscriber here is the same user
                        .build();
                DashboardHttpServer server =
                        DashboardHttpServer.start(dashboard, new InetSocketAddress("127.0.0.1", 0))) {
            String cookie = login(server.uri());
            long baseline = usedHeapAfterGc();
            List<Socket> sockets = new ArrayList<>();
            Selector selector = Selector.open();
            for (int i = 0; i < subscribers; i++) {
                SocketChannel channel = SocketChannel.open();
                channel.socket().setReceiveBufferSize(64 * 1024);
                channel.connect(new InetSocketAddress("127.0.0.1", server.port()));
                channel.write(ByteBuffer.wrap(request(server.port(), cookie)));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new LineScanner());
                sockets.add(channel.socket());
            }
            // One thread reads every healthy stream, so the readers cost the machine little.
            Thread reader = new Thread(() -> readAll(selector, histogram, delivered), "subscribers");
            reader.setDaemon(true);
            reader.start();
            for (int i = 0; i < stalled; i++) {
                sockets.add(open(server.port(), cookie, 1024)); // never read
            }
            long waitUntil = System.currentTimeMillis() + 30_000;
            while (dashboard.subscriberCount() < subscribers + stalled && System.currentTimeMillis() < waitUntil) {
                Thread.sleep(50);
            }
            java.lang.management.ThreadMXBean threadBean = java.lang.management.ManagementFactory.getThreadMXBean();
            System.out.printf(
                    "subscribers open: %d (%d reading, %d stalled); heap after GC before the run: %d MiB; "
                            + "live threads in this JVM: %d%n",
                    dashboard.subscriberCount(), subscribers, stalled, baseline >> 20, threadBean.getThreadCount());
            threadBean.resetPeakThreadCount();

            long maxHeap = 0;
            long periodNanos = 1_000_000_000L / rate;
            long start = System.nanoTime();
            long published = 0;
            long nextHeapSample = start + 5_000_000_000L;
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                long due = start + published * periodNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                repository.updates().publish(update(published));
                published++;
                if (System.nanoTime() > nextHeapSample) {
                    maxHeap = Math.max(maxHeap, usedHeapAfterGc());
                    nextHeapSample += 5_000_000_000L;
                }
            }
            Thread.sleep(3_000);
            long end = usedHeapAfterGc();
            long expected = published * subscribers;
            System.out.printf(
                    "published %d updates in %d s (%d/s) to %d readers: %d of %d deliveries arrived (%.2f%%)%n",
                    published,
                    seconds,
                    rate,
                    subscribers,
                    delivered.get(),
                    expected,
                    100.0 * delivered.get() / expected);
            System.out.printf(
                    "delivery latency: p50=%d ms, p95=%d ms, p99=%d ms, max=%s ms%n",
                    percentile(histogram, 50), percentile(histogram, 95), percentile(histogram, 99), max(histogram));
            System.out.printf(
                    "live threads in this JVM: peak %d during the run, %d at the end%n",
                    threadBean.getPeakThreadCount(), threadBean.getThreadCount());
            System.out.printf(
                    "stalled subscribers dropped: %d of %d; open streams at the end: %d%n",
                    dashboard.droppedSubscriberCount(), stalled, dashboard.subscriberCount());
            System.out.printf(
                    "heap after GC: before %d MiB, max during the run %d MiB, after %d MiB (-Xmx %d MiB)%n",
                    baseline >> 20,
                    maxHeap >> 20,
                    end >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static BackgroundJobInfo<Long> update(long n) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setId(n % 50 + 1);
        job.setUserName(USER);
        job.setRequestType("LoadRequest");
        job.setQueueName("load");
        job.setStatus(JobStatus.RUNNING);
        job.setCreated(Instant.now());
        job.setUpdatedAt(Instant.now());
        job.setVersion(n);
        job.setProgressPercent((int) (n % 100));
        job.setProgressMessage(Long.toString(System.nanoTime())); // the send time travels in the event
        return job;
    }

    private static String login(URI base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(base.resolve("api/login"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"user\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static byte[] request(int port, String cookie) {
        return ("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\nCookie: "
                        + cookie + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static Socket open(int port, String cookie, int receiveBuffer) throws Exception {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        OutputStream out = s.getOutputStream();
        out.write(request(port, cookie));
        out.flush();
        return s;
    }

    private static void readAll(Selector selector, AtomicLongArray histogram, AtomicLong delivered) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (selector.isOpen()) {
                selector.select(1_000);
                for (SelectionKey key : selector.selectedKeys()) {
                    buffer.clear();
                    int n = ((SocketChannel) key.channel()).read(buffer);
                    if (n < 0) {
                        key.cancel();
                        continue;
                    }
                    buffer.flip();
                    long now = System.nanoTime();
                    ((LineScanner) key.attachment()).scan(buffer, sent -> {
                        histogram.incrementAndGet((int) Math.min(10_000, (now - sent) / 1_000_000));
                        delivered.incrementAndGet();
                    });
                }
                selector.selectedKeys().clear();
            }
        } catch (Exception e) {
            // closed at the end of the run
        }
    }

    /** Finds the send time after each marker in a byte stream that arrives in pieces. */
    static final class LineScanner {
        private static final byte[] MARK_BYTES = MARK.getBytes(StandardCharsets.US_ASCII);
        private int matched;
        private long number = -1;

        void scan(ByteBuffer bytes, java.util.function.LongConsumer onSent) {
            while (bytes.hasRemaining()) {
                byte b = bytes.get();
                if (number >= 0) {
                    if (b >= '0' && b <= '9') {
                        number = number * 10 + (b - '0');
                    } else {
                        onSent.accept(number);
                        number = -1;
                    }
                } else if (b == MARK_BYTES[matched]) {
                    if (++matched == MARK_BYTES.length) {
                        matched = 0;
                        number = 0;
                    }
                } else {
                    matched = b == MARK_BYTES[0] ? 1 : 0;
                }
            }
        }
    }

    private static long percentile(AtomicLongArray h, double p) {
        long total = 0;
        for (int i = 0; i < h.length(); i++) {
            total += h.get(i);
        }
        long target = (long) Math.ceil(total * p / 100.0);
        long seen = 0;
        for (int i = 0; i < h.length(); i++) {
            seen += h.get(i);
            if (seen >= target && target > 0) {
                return i;
            }
        }
        return -1;
    }

    private static String max(AtomicLongArray h) {
        for (int i = h.length() - 1; i >= 0; i--) {
            if (h.get(i) > 0) {
                return i == h.length() - 1 ? ">=10000" : String.valueOf(i);
            }
        }
        return "-";
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
