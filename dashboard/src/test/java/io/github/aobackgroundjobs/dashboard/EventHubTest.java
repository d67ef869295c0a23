package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.internal.EventHub;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fan-out: a stalled subscriber is dropped; nobody else and no publisher waits for it. */
class EventHubTest {

    private static BackgroundJobInfo<Long> job(long id, String user) {
        BackgroundJobInfo<Long> j = new BackgroundJobInfo<>();
        j.setId(id);
        j.setUserName(user);
        j.setStatus(JobStatus.RUNNING);
        j.setUpdatedAt(Instant.parse("2026-11-29T00:00:00Z").plusMillis(id));
        return j;
    }

    /** A connection whose client never reads: the first write blocks until released. */
    static final class StalledSink implements EventSink {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public void write(byte[] chunk) throws IOException {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }

        @Override
        public void close() {
            closed.set(true);
            release.countDown();
        }
    }

    static final class RecordingSink implements EventSink {
        final List<String> chunks = new CopyOnWriteArrayList<>();

        /** One entry per event: a write may carry several (a reader that fell behind gets them at once). */
        @Override
        public void write(byte[] chunk) {
            for (String event : new String(chunk, StandardCharsets.UTF_8).split("(?<=\n\n)")) {
                chunks.add(event);
            }
        }

        @Override
        public void close() {}
    }

    @Test
    void aStalledSubscriberIsDroppedWhileTheOthersGetEveryUpdate() {
        try (EventHub<Long> hub =
                new EventHub<>((j, admin) -> "{\"id\":\"" + j.getId() + "\"}", 10_000, 64, Duration.ofMinutes(1))) {
            StalledSink stalled = new StalledSink();
            RecordingSink healthy = new RecordingSink();
            RecordingSink otherUser = new RecordingSink();
            hub.subscribe(stalled, "alice", List.of());
            hub.subscribe(healthy, "alice", List.of());
            hub.subscribe(otherUser, "bob", List.of());

            // Bursts of 20 (less than the buffer of 64): the healthy reader keeps up with each,
            // the stalled one falls further behind until its buffer overflows.
            for (long batch = 0; batch < 10; batch++) {
                long start = System.nanoTime();
                for (long i = 1; i <= 20; i++) {
                    hub.publish(job(batch * 20 + i, "alice"));
                }
                // Publishing never waits for a connection.
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
                int expected = (int) (batch + 1) * 20;
                await().atMost(Duration.ofSeconds(10)).until(() -> healthy.chunks.size() == expected);
            }
            await().atMost(Duration.ofSeconds(10)).until(stalled.closed::get);
            assertThat(hub.droppedCount()).isEqualTo(1);
            assertThat(hub.subscriberCount()).isEqualTo(2);
            assertThat(healthy.chunks.get(199)).contains("id: 2026-11-29T00:00:00.200Z", "\"id\":\"200\"");
            assertThat(otherUser.chunks).isEmpty();
        }
    }

    @Test
    void anAdminSubscriberGetsEveryUsersUpdatesInTheAdminForm() {
        try (EventHub<Long> hub =
                new EventHub<>((j, admin) -> admin ? "{\"admin\":true}" : "{}", 100, 16, Duration.ofMinutes(1))) {
            RecordingSink admin = new RecordingSink();
            hub.subscribe(admin, null, List.of());
            hub.publish(job(1, "alice"));
            hub.publish(job(2, "bob"));
            await().atMost(Duration.ofSeconds(10)).until(() -> admin.chunks.size() == 2);
            assertThat(admin.chunks).allMatch(c -> c.contains("{\"admin\":true}"));
        }
    }

    static List<Error> rendererErrors() {
        return List.of(new NoClassDefFoundError("com/example/Missing"), new OutOfMemoryError("Java heap space"));
    }

    @ParameterizedTest
    @MethodSource("rendererErrors")
    void aRendererThatThrowsAnErrorLosesThatUpdateOnly(Error failure) {
        try (EventHub<Long> hub = new EventHub<>(
                (j, admin) -> {
                    if (j.getId() == 1L) {
                        throw failure;
                    }
                    return "{\"id\":" + j.getId() + "}";
                },
                100,
                16,
                Duration.ofMinutes(1))) {
            RecordingSink sink = new RecordingSink();
            hub.subscribe(sink, "alice", List.of());
            hub.publish(job(1, "alice"));
            hub.publish(job(2, "alice"));
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.chunks.size() == 1);
            assertThat(sink.chunks.get(0)).contains("{\"id\":2}");
        }
    }

    @Test
    void anAuthenticatorThatThrowsAnErrorCountsAsSignedInAndStopsNoStream() {
        try (EventHub<Long> hub =
                new EventHub<>((j, admin) -> "{\"id\":" + j.getId() + "}", 100, 16, Duration.ofSeconds(1))) {
            RecordingSink erring = new RecordingSink();
            RecordingSink healthy = new RecordingSink();
            AtomicInteger asked = new AtomicInteger();
            hub.tryReserve("alice");
            hub.subscribe(
                    erring,
                    "alice",
                    "alice",
                    () -> {
                        asked.incrementAndGet();
                        throw new AssertionError("authenticator bug");
                    },
                    List.of());
            hub.subscribe(healthy, "alice", List.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 2);
            hub.publish(job(3, "alice"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> healthy.chunks.stream().anyMatch(c -> c.contains("{\"id\":3}")));
            assertThat(erring.chunks).anyMatch(c -> c.contains("{\"id\":3}"));
            assertThat(erring.chunks).noneMatch(c -> c.contains("signedout"));
        }
    }

    @Test
    void idleStreamsGetKeepAlives() {
        try (EventHub<Long> hub = new EventHub<>((j, admin) -> "{}", 100, 16, Duration.ofSeconds(1))) {
            RecordingSink sink = new RecordingSink();
            hub.subscribe(sink, "alice", List.of());
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.chunks.contains(": keep-alive\n\n"));
        }
    }

    /**
     * Streams opening while others close: a reservation racing the release that takes a user's
     * count to zero must not land on a count no longer in the hub (the stream would go uncounted
     * and the user could hold one more each time). Four threads for two seconds hit that window
     * many times over on two cores.
     */
    @Test
    void reservationsRacingReleasesNeverPassTheStreamCap() throws Exception {
        try (EventHub<Long> hub =
                new EventHub<>((j, admin) -> "{}", 16, 16, Duration.ofMinutes(1), 1, 1, Duration.ofSeconds(10))) {
            AtomicInteger holding = new AtomicInteger();
            AtomicInteger mostAtOnce = new AtomicInteger();
            AtomicLong reservations = new AtomicLong();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    while (System.nanoTime() < end) {
                        if (hub.tryReserve("alice")) {
                            mostAtOnce.accumulateAndGet(holding.incrementAndGet(), Math::max);
                            reservations.incrementAndGet();
                            holding.decrementAndGet();
                            hub.release("alice");
                        }
                    }
                });
                t.start();
                threads.add(t);
            }
            for (Thread t : threads) {
                t.join();
            }

            assertThat(reservations.get()).isPositive();
            assertThat(mostAtOnce.get())
                    .as("streams held at once under a cap of 1")
                    .isEqualTo(1);
            assertThat(hub.tryReserve("alice")).as("every slot was given back").isTrue();
            assertThat(hub.tryReserve("alice")).isFalse();
        }
    }
}
