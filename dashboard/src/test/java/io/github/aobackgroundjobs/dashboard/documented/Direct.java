package io.github.aobackgroundjobs.dashboard.documented;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/**
 * A dashboard answered through {@link Dashboard#handle} over an in-memory store, a settable clock
 * and no worker, so a job stays where a test puts it. Users: alice and bob (plain), root (admin),
 * all with {@link DashboardFixture#PASSWORD}. Requests go to the host {@link #HOST}.
 */
final class Direct implements AutoCloseable {

    static final String HOST = "dash.test";
    static final String ORIGIN = "http://" + HOST;
    private static final ObjectMapper JSON = new ObjectMapper();

    final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).clock(clock).build();
    final PasswordAuthenticator users = DashboardFixture.authenticator();
    final Dashboard<Long> dashboard;

    Direct() {
        this(b -> {});
    }

    Direct(Consumer<Dashboard.Builder<Long>> customize) {
        Dashboard.Builder<Long> b = Dashboard.builder(repository)
                .authenticator(users)
                .actions(JobActions.of(client))
                .clock(clock);
        customize.accept(b);
        dashboard = b.build();
    }

    /** A signed-in user's cookie and cross-site token. */
    record Session(String cookie, String token) {}

    Session signIn(String user) {
        String setCookie =
                users.login(user, DashboardFixture.PASSWORD.toCharArray()).orElseThrow();
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        return new Session(
                cookie, json(get("/api/me", cookie)).path("csrfToken").asText());
    }

    static DashboardRequest.Builder request(String method, String path, String cookie) {
        DashboardRequest.Builder b = DashboardRequest.builder(method, path).header("Host", HOST);
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    DashboardResponse get(String path, String cookie) {
        int q = path.indexOf('?');
        return dashboard.handle(request("GET", q < 0 ? path : path.substring(0, q), cookie)
                .rawQuery(q < 0 ? null : path.substring(q + 1))
                .build());
    }

    /** A POST as the dashboard's pages send it: JSON, same origin, the session's token. */
    DashboardResponse post(String path, Session session, String body) {
        return dashboard.handle(request("POST", path, session.cookie())
                .header("Origin", ORIGIN)
                .header("Content-Type", "application/json")
                .header("X-CSRF-Token", session.token())
                .body(body.getBytes(StandardCharsets.UTF_8))
                .build());
    }

    static JsonNode json(DashboardResponse r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String error(DashboardResponse r) {
        return json(r).path("error").asText();
    }

    @Override
    public void close() {
        dashboard.close();
    }
}
