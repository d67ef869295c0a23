package io.github.aobackgroundjobs.dashboard.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.EventSink;
import io.github.aobackgroundjobs.dashboard.EventStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of {@link EventStream} and {@link EventSink} as an adapter's author reads it: the
 * adapter calls {@link EventStream#start} once, or {@link EventStream#abandon} if it could not
 * send the headers, and the stream gives back what it holds.
 */
class EventStreamJavadocTest {

    @Test
    void anAbandonedStreamGivesBackTheUsersSlot_once() {
        try (Direct d = new Direct(b -> b.maxStreamsPerUser(2))) {
            String alice = d.signIn("alice").cookie();
            DashboardResponse first = d.get("/api/events", alice);
            DashboardResponse held = d.get("/api/events", alice);
            assertThat(first.status()).isEqualTo(200);
            assertThat(held.status()).isEqualTo(200);
            assertThat(d.get("/api/events", alice).status())
                    .as("both slots taken")
                    .isEqualTo(429);
            first.eventStream().abandon();
            first.eventStream().abandon();
            assertThat(d.get("/api/events", alice).status())
                    .as("the slot given back")
                    .isEqualTo(200);
            assertThat(d.get("/api/events", alice).status())
                    .as("a second abandon gives back nothing more")
                    .isEqualTo(429);
        }
    }

    @Test
    void aStreamActsOnTheFirstStartOnly_aLaterStartsSinkIsClosedAndALaterAbandonIgnored() throws Exception {
        try (Direct d = new Direct(b -> b.maxStreamsPerUser(1))) {
            String alice = d.signIn("alice").cookie();
            DashboardResponse r = d.get("/api/events", alice);
            Sink first = new Sink();
            r.eventStream().start(first);
            assertThat(first.ready.await(10, TimeUnit.SECONDS)).isTrue();
            Sink second = new Sink();
            r.eventStream().start(second);
            assertThat(second.closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(second.text).doesNotContain("event: ready");
            assertThat(d.dashboard.subscriberCount()).isEqualTo(1);
            assertThat(first.closed.getCount()).as("the first stream goes on").isEqualTo(1);

            r.eventStream().abandon();
            assertThat(d.get("/api/events", alice).status())
                    .as("abandoning a started stream does not give its slot back")
                    .isEqualTo(429);
        }
    }

    @Test
    void aStreamOpenedAfterTheDashboardClosedEndsAtOnce() throws Exception {
        Direct d = new Direct();
        String alice = d.signIn("alice").cookie();
        DashboardResponse r = d.get("/api/events", alice);
        d.close();
        Sink sink = new Sink();
        r.eventStream().start(sink);
        assertThat(sink.closed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(d.dashboard.subscriberCount()).isZero();
    }

    private static final class Sink implements EventSink {
        final StringBuffer text = new StringBuffer();
        final CountDownLatch ready = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void write(byte[] chunk) {
            text.append(new String(chunk, StandardCharsets.UTF_8));
            if (text.indexOf("event: ready") >= 0) {
                ready.countDown();
            }
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
