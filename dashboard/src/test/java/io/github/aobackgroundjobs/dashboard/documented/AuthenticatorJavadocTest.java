package io.github.aobackgroundjobs.dashboard.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardAuthenticator;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.DashboardUser;
import io.github.aobackgroundjobs.dashboard.EventSink;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of {@link DashboardAuthenticator#isSignedIn}: asked for each open stream at every
 * heartbeat, false ends the stream, a throw counts as true; and {@code authenticate}'s empty
 * answer is 401.
 */
class AuthenticatorJavadocTest {

    @Test
    void aStreamEndsAtTheHeartbeatAfterIsSignedInSaysFalse_aThrowCountsAsTrue() throws Exception {
        Semaphore asked = new Semaphore(0);
        AtomicBoolean signedOut = new AtomicBoolean();
        DashboardAuthenticator host = new DashboardAuthenticator() {
            @Override
            public Optional<DashboardUser> authenticate(DashboardRequest request) {
                return request.header("X-User").map(name -> new DashboardUser(name, Set.of(), "s-" + name));
            }

            @Override
            public boolean isSignedIn(DashboardUser user) {
                asked.release();
                if (signedOut.get()) {
                    return false;
                }
                throw new IllegalStateException("session store down");
            }
        };
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        try (Dashboard<Long> dashboard = Dashboard.builder(repository)
                .authenticator(host)
                .actions(JobActions.of(client))
                .heartbeat(Duration.ofSeconds(1))
                .build()) {
            assertThat(dashboard
                            .handle(DashboardRequest.builder("GET", "/api/me").build())
                            .status())
                    .isEqualTo(401);
            DashboardResponse r = dashboard.handle(DashboardRequest.builder("GET", "/api/events")
                    .header("Host", Direct.HOST)
                    .header("X-User", "carol")
                    .build());
            assertThat(r.status()).isEqualTo(200);
            Sink sink = new Sink();
            r.eventStream().start(sink);
            assertThat(asked.tryAcquire(2, 10, TimeUnit.SECONDS))
                    .as("asked at two heartbeats")
                    .isTrue();
            assertThat(sink.closed.getCount()).as("a throw counts as signed in").isEqualTo(1);
            assertThat(dashboard.subscriberCount()).isEqualTo(1);
            signedOut.set(true);
            assertThat(sink.closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(sink.text.toString()).contains("event: signedout");
            assertThat(dashboard.subscriberCount()).isZero();
        }
    }

    private static final class Sink implements EventSink {
        final StringBuffer text = new StringBuffer();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void write(byte[] chunk) {
            text.append(new String(chunk, StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed.countDown();
        }
    }
}
