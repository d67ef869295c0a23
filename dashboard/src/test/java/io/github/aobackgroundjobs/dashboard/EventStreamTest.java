package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.dashboard.support.SseReader;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The live stream over real HTTP: updates arrive, only to their owner (and admins), and a reconnect catches up. */
class EventStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static DashboardFixture fx;
    private static HttpSession alice;
    private static HttpSession bob;
    private static HttpSession root;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture();
        alice = HttpSession.signedIn(fx.server.uri(), "alice");
        bob = HttpSession.signedIn(fx.server.uri(), "bob");
        root = HttpSession.signedIn(fx.server.uri(), "root");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    @Test
    void updatesReachTheOwnerAndTheAdminButNoOtherUser() throws Exception {
        try (SseReader a = new SseReader(alice, fx.uri("api/events"), null);
                SseReader b = new SseReader(bob, fx.uri("api/events"), null);
                SseReader admin = new SseReader(root, fx.uri("api/admin/events"), null)) {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.response().headers().firstValue("Content-Type").orElseThrow())
                    .startsWith("text/event-stream");
            a.await(e -> e.name().equals("ready"), WAIT);
            b.await(e -> e.name().equals("ready"), WAIT);
            admin.await(e -> e.name().equals("ready"), WAIT);

            Long id = fx.queueFor("alice", "step", "live");
            String sid = id.toString();
            a.await(
                    e -> e.name().equals("job")
                            && e.json().path("id").asText().equals(sid)
                            && e.json().path("status").asText().equals("RUNNING")
                            && e.json().path("progressPercent").asInt() > 0,
                    WAIT);
            SseReader.Event done = a.await(
                    e -> e.name().equals("job")
                            && e.json().path("id").asText().equals(sid)
                            && e.json().path("status").asText().equals("SUCCEEDED"),
                    WAIT);
            assertThat(done.id()).isNotBlank();
            assertThat(done.json().has("leaseOwner")).isFalse();
            SseReader.Event adminDone = admin.await(
                    e -> e.name().equals("job")
                            && e.json().path("id").asText().equals(sid)
                            && e.json().path("status").asText().equals("SUCCEEDED"),
                    WAIT);
            assertThat(adminDone.json().path("userName").asText()).isEqualTo("alice");

            // bob's stream is open and live (his own job arrives), yet none of alice's events came.
            Long bobs = fx.queueFor("bob", "quick", "mine");
            b.await(
                    e -> e.name().equals("job")
                            && e.json().path("id").asText().equals(bobs.toString())
                            && e.json().path("status").asText().equals("SUCCEEDED"),
                    WAIT);
            assertThat(b.drain()).noneMatch(e -> e.data().contains("\"userName\":\"alice\""));
        }
    }

    @Test
    void aReconnectWithTheLastEventIdReplaysWhatChangedMeanwhile() throws Exception {
        String lastId;
        try (SseReader a = new SseReader(alice, fx.uri("api/events"), null)) {
            a.await(e -> e.name().equals("ready"), WAIT);
            Long first = fx.queueFor("alice", "quick", "before");
            lastId = a.await(
                            e -> e.name().equals("job")
                                    && e.json().path("id").asText().equals(first.toString())
                                    && e.json().path("status").asText().equals("SUCCEEDED"),
                            WAIT)
                    .id();
        }
        Long missed = fx.queueFor("alice", "quick", "while-away");
        Long bobs = fx.queueFor("bob", "quick", "not-for-alice");
        org.awaitility.Awaitility.await()
                .atMost(WAIT)
                .until(() -> fx.repository.getJob(missed).getStatus().isTerminal()
                        && fx.repository.getJob(bobs).getStatus().isTerminal());
        try (SseReader a = new SseReader(alice, fx.uri("api/events"), lastId)) {
            SseReader.Event replayed = a.await(
                    e -> e.name().equals("job") && e.json().path("id").asText().equals(missed.toString()), WAIT);
            assertThat(replayed.json().path("status").asText()).isEqualTo("SUCCEEDED");
            a.await(e -> e.name().equals("ready"), WAIT);
        }
        try (SseReader a = new SseReader(alice, fx.uri("api/events"), lastId)) {
            a.await(e -> e.name().equals("ready"), WAIT);
        }
    }

    @Test
    void theStreamEndsWhenTheDashboardCloses() throws Exception {
        try (DashboardFixture other = new DashboardFixture()) {
            HttpSession s = HttpSession.signedIn(other.server.uri(), "alice");
            try (SseReader a = new SseReader(s, other.uri("api/events"), null)) {
                a.await(e -> e.name().equals("ready"), WAIT);
                assertThat(other.dashboard.subscriberCount()).isEqualTo(1);
                other.dashboard.close();
                org.awaitility.Awaitility.await().atMost(WAIT).until(() -> other.dashboard.subscriberCount() == 0);
            }
        }
    }
}
