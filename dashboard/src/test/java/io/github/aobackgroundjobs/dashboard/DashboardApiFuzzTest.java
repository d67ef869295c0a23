package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.dashboard.support.DashboardFuzzCase;
import io.github.aobackgroundjobs.dashboard.support.DashboardFuzzCase.Actor;
import io.github.aobackgroundjobs.dashboard.support.RequestFuzzer;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the dashboard's request handling in process ({@link Dashboard#handle}) with seeded
 * random requests: every route, near misses and garbage paths, random methods, query values
 * (status names, page numbers and sizes, dates, zones, NUL, quotes, SQL), job ids (missing,
 * negative, overflowing, another user's), session cookies, cross-site tokens and origins,
 * action, purge and login bodies, and webhook posts with random and genuine signatures.
 *
 * <p>Oracles, for every request: nothing is thrown and the answer is 2xx, 3xx or 4xx (5xx only
 * for an unavailable store, which this fuzz does not provoke); a 4xx body is a JSON error that
 * says what was wrong without internals; the expected refusals happen (401 without a session,
 * 403 without a same-origin request carrying the user's token, 404 for another user's job); no
 * one but an admin gets a 2xx from an admin route; a user's answers never show another user's
 * job; and the store and the queue are unchanged unless the request was a permitted action or
 * purge, which changes only its own job (or deletes only finished jobs). Replay a failure with
 * {@code -Dfuzz.seed=<seed>}.
 */
abstract class DashboardApiFuzzTest {

    static final String PASSWORD = "correct horse battery";
    private static final byte[] WEBHOOK_SECRET = "the webhook secret, long enough!".getBytes(StandardCharsets.UTF_8);
    private static final String QUEUE = "steps";
    private static final List<String> OWNERS = List.of("alice", "bob", "root", "carol");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A request the client can serialize. */
    public record Ping(String text) {}

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final AtomicInteger sends = new AtomicInteger();
    private JobRepositoryBase<Long> repository;
    private JobQueryRepository<Long> queries;
    private QueueJobClient<Long> client;
    private Dashboard<Long> dashboard;

    /** @return an empty repository that also answers {@link JobQueryRepository} queries */
    protected abstract JobRepositoryBase<Long> createRepository();

    /** @return how many requests to try */
    protected abstract int cases();

    /** @return the seed when {@code -Dfuzz.seed} is not set */
    protected abstract long defaultSeed();

    @BeforeEach
    @SuppressWarnings("unchecked")
    void build() {
        repository = createRepository();
        queries = (JobQueryRepository<Long>) repository;
        queue.addSendListener(name -> sends.incrementAndGet());
        client = QueueJobClient.builder(repository, queue).clock(clock).build();
        String hash = PasswordAuthenticator.hashPassword(PASSWORD.toCharArray(), 1_000);
        PasswordAuthenticator auth = PasswordAuthenticator.builder()
                .clock(clock)
                .sessionTtl(Duration.ofDays(2))
                .user("alice", hash)
                .user("bob", hash)
                .user("root", hash, Dashboard.DEFAULT_ADMIN_ROLE)
                .build();
        dashboard = Dashboard.builder(repository)
                .authenticator(auth)
                .actions(JobActions.of(client))
                .clock(clock)
                .queues(queue, QUEUE)
                .webhookReceiver(new WebhookVerifier(WEBHOOK_SECRET, clock, Duration.ofMinutes(5)))
                // Application routes: one reading its body the supported way, one parsing it itself.
                .route("POST", "/api/app/ping", (request, user) -> appPing(request.jsonBody()))
                .route("POST", "/api/app/raw", (request, user) -> appPing(JSON.readTree(request.bodyText())))
                .build();
    }

    private static DashboardResponse appPing(JsonNode body) {
        if (!body.path("kind").asText("").equals("ping")) {
            throw new IllegalArgumentException("'kind' must be ping.");
        }
        return DashboardResponse.json(200, "{\"pong\":true}");
    }

    @AfterEach
    void close() {
        dashboard.close();
    }

    @Test
    void everyRequestIsAnsweredSafelyAndOnlyPermittedRequestsChangeAnything() throws Exception {
        RequestFuzzer fuzz = RequestFuzzer.seeded(defaultSeed());
        addJobs(fuzz, 40);
        DashboardFuzzCase.Sessions sessions = signIn();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> changesByRoute = new TreeMap<>();
        Set<String> badRequestMessages = new HashSet<>();
        int webhooksAccepted = 0;
        int appAnswers = 0;
        for (int i = 0; i < cases(); i++) {
            // New jobs now and then: actions and purges use up the states they apply to.
            if (i % 100 == 99 && snapshot().jobs().size() < 120) {
                addJobs(fuzz, 10);
            }
            clock.advance(Duration.ofMillis(fuzz.nextInt(3000)));
            Snapshot before = snapshot();
            DashboardFuzzCase c =
                    DashboardFuzzCase.generate(fuzz, sessions, before.owners(), clock.instant(), WEBHOOK_SECRET);
            String context = "seed " + fuzz.seed() + ", case " + i + ": " + c;
            DashboardResponse r;
            try {
                r = dashboard.handle(c.request());
            } catch (Throwable t) {
                throw new AssertionError(context + ": threw " + t, t);
            }
            byStatus.merge(r.status(), 1, Integer::sum);
            checkAnswer(c, r, before, context);
            if (r.status() == 400) {
                badRequestMessages.add(
                        JSON.readTree(r.body()).path("error").asText().replaceAll("[0-9]+", "N"));
            }
            if (c.path().equals("/api/logout") && r.status() == 200) {
                sessions = signIn(); // a sign-out ended a session the next cases would use
            }
            if (c.path().startsWith("/api/app/")
                    && c.postAllowed()
                    && c.method().equals("POST")) {
                assertThat(r.status()).as(context + ": an application route").isIn(200, 400);
                appAnswers++;
            }
            if (r.status() == 204 && c.path().startsWith("/webhook")) {
                webhooksAccepted++;
            }
            Snapshot after = snapshot();
            if (!after.equals(before)) {
                checkPermittedChange(c, r, before, after, context);
                changesByRoute.merge(c.template() + " " + c.action(), 1, Integer::sum);
            }
        }
        System.out.printf(
                "%s: %d requests (seed %d); answers by status %s; changes %s%n",
                getClass().getSimpleName(), cases(), fuzz.seed(), byStatus, changesByRoute);
        // The fuzz reached the interesting answers, not only refusals.
        assertThat(byStatus).as("answers by status").containsKeys(200, 204, 303, 400, 401, 403, 404, 405, 409);
        assertThat(webhooksAccepted).as("genuine webhooks").isPositive();
        assertThat(appAnswers).as("application routes reached").isPositive();
        assertThat(changesByRoute.keySet())
                .as("requests that changed something: " + changesByRoute)
                .anyMatch(k -> k.startsWith("/api/jobs/{id}/{action}"))
                .anyMatch(k -> k.startsWith("/api/admin/jobs/{id}/{action}"))
                .anyMatch(k -> k.startsWith("/api/admin/purge"));
        assertThat(badRequestMessages).as("distinct 400 messages").hasSizeGreaterThan(8);
    }

    private void checkAnswer(DashboardFuzzCase c, DashboardResponse r, Snapshot before, String context)
            throws Exception {
        int status = r.status();
        assertThat(status).as(context + ": status").isBetween(200, 499);
        assertThat(r.headers()).as(context).containsEntry("X-Content-Type-Options", "nosniff");
        if (status >= 400) {
            String body = new String(r.body(), StandardCharsets.UTF_8);
            JsonNode error = JSON.readTree(body).path("error");
            assertThat(error.isTextual())
                    .as(context + ": a JSON error: " + body)
                    .isTrue();
            assertThat(error.asText())
                    .as(context + ": the message")
                    .isNotBlank()
                    .hasSizeLessThan(300)
                    .doesNotContain("Exception", "\tat ", ".java", "Internal error");
            if (status == 400) {
                // A bad request says which part: a quoted field, the id, the body or the query.
                assertThat(error.asText()).as(context).containsAnyOf("'", "body", "query", "id");
            }
        }
        if (status == 303) {
            assertThat(r.headers()).as(context).containsKey("Location");
        }
        if (c.queryMalformed()) {
            assertThat(status).as(context + ": a malformed query string").isEqualTo(400);
            return;
        }
        if (!c.isPublic() && !c.signedIn()) {
            if (c.path().startsWith("/api/") || !c.method().equals("GET")) {
                assertThat(status).as(context + ": without a session").isEqualTo(401);
            } else {
                assertThat(status).as(context + ": without a session").isIn(303, 401);
            }
        }
        if (!c.isPublic() && c.signedIn() && c.method().equals("POST") && !c.postAllowed()) {
            assertThat(status).as(context + ": a cross-site or token-less post").isEqualTo(403);
        }
        if (c.actor() != Actor.ROOT && (c.path().equals("/admin") || c.path().startsWith("/api/admin/"))) {
            assertThat(status).as(context + ": an admin route for a non-admin").isGreaterThanOrEqualTo(300);
        }
        if (c.actor() == Actor.ALICE || c.actor() == Actor.BOB) {
            Long id = c.targetId();
            String owner = id == null ? null : before.owners().get(id);
            boolean mayAsk = c.method().equals("GET") || c.postAllowed();
            if (c.template().startsWith("/api/jobs/{id}")
                    && owner != null
                    && !owner.equals(c.actor().userName)
                    && mayAsk
                    && (c.template().equals("/api/jobs/{id}")
                            || c.action().equals("download")
                            || c.method().equals("POST"))) {
                assertThat(status).as(context + ": another user's job").isEqualTo(404);
            }
            if (status < 300 && r.eventStream() == null && isJson(r)) {
                assertOnlyOwnJobs(JSON.readTree(r.body()), c.actor().userName, context);
            }
        }
    }

    private void checkPermittedChange(
            DashboardFuzzCase c, DashboardResponse r, Snapshot before, Snapshot after, String context) {
        String what = context + ": changed the store or queue (" + before.diff(after) + ")";
        assertThat(r.status()).as(what + " while answering").isBetween(200, 299);
        assertThat(c.method()).as(what).isEqualTo("POST");
        assertThat(c.postAllowed())
                .as(what + " without a same-origin post with the token")
                .isTrue();
        Set<Long> changed = before.changedIds(after);
        if (c.template().equals("/api/admin/purge")) {
            assertThat(c.actor()).as(what).isEqualTo(Actor.ROOT);
            for (Long id : changed) {
                assertThat(after.jobs()).as(what + ": purge only deletes").doesNotContainKey(id);
                assertThat(before.statuses().get(id).isTerminal())
                        .as(what + ": purge deletes finished jobs")
                        .isTrue();
            }
            assertThat(after.queue()).as(what + ": purge sends nothing").isEqualTo(before.queue());
            return;
        }
        boolean userAction = c.template().equals("/api/jobs/{id}/{action}");
        boolean adminAction = c.template().equals("/api/admin/jobs/{id}/{action}") && c.actor() == Actor.ROOT;
        assertThat(userAction || adminAction).as(what + " on this route").isTrue();
        assertThat(c.action()).as(what).isIn("retry", "cancel", "clear");
        assertThat(changed).as(what + ": only the job named").containsOnly(c.targetId());
        if (userAction) {
            assertThat(before.owners().get(c.targetId()))
                    .as(what + ": another user's job")
                    .isEqualTo(c.actor().userName);
        }
        if (!c.action().equals("retry")) {
            assertThat(after.queue()).as(what + ": only a retry sends").isEqualTo(before.queue());
        }
    }

    private static boolean isJson(DashboardResponse r) {
        return r.headers().getOrDefault("Content-Type", "").startsWith("application/json");
    }

    private static void assertOnlyOwnJobs(JsonNode node, String user, String context) {
        if (node.isObject()) {
            if (node.has("userName")) {
                assertThat(node.get("userName").asText())
                        .as(context + ": a job of another user")
                        .isEqualTo(user);
            }
            assertThat(node.has("stackTrace") || node.has("leaseOwner"))
                    .as(context + ": admin details")
                    .isFalse();
        }
        node.forEach(child -> assertOnlyOwnJobs(child, user, context));
    }

    private DashboardFuzzCase.Sessions signIn() throws Exception {
        Map<Actor, String> cookies = new EnumMap<>(Actor.class);
        Map<Actor, String> tokens = new EnumMap<>(Actor.class);
        for (Actor a : List.of(Actor.ALICE, Actor.BOB, Actor.ROOT)) {
            DashboardResponse login = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                login = dashboard.handle(DashboardRequest.builder("POST", "/api/login")
                        .header("Content-Type", "application/json")
                        .body(("{\"user\":\"" + a.userName + "\",\"password\":\"" + PASSWORD + "\"}")
                                .getBytes(StandardCharsets.UTF_8))
                        .build());
                if (login.status() != 429) {
                    break;
                }
                // The fuzz's wrong passwords made the name wait: wait as told.
                clock.advance(Duration.ofSeconds(Long.parseLong(login.headers().get("Retry-After"))));
            }
            assertThat(login.status()).isEqualTo(200);
            String cookie = login.headers().get("Set-Cookie").split(";")[0];
            DashboardResponse me = dashboard.handle(DashboardRequest.builder("GET", "/api/me")
                    .header("Cookie", cookie)
                    .build());
            cookies.put(a, cookie);
            tokens.put(a, JSON.readTree(me.body()).path("csrfToken").asText());
        }
        return new DashboardFuzzCase.Sessions(cookies, tokens);
    }

    /** Jobs of every user in every state, written straight to the store. */
    private void addJobs(RequestFuzzer fuzz, int count) {
        for (int i = 0; i < count; i++) {
            String owner = fuzz.pick(OWNERS);
            Long id = client.queueJob(QUEUE, owner, new Ping(fuzz.text(20).replace('\u0000', ' ')));
            Instant now = clock.instant();
            ClaimRequest<Long> claim = new ClaimRequest<>(id, "w", now, Duration.ofMinutes(5), 3, "{}");
            switch (fuzz.nextInt(8)) {
                case 0 -> repository.claim(claim);
                case 1, 2 -> {
                    repository.claim(claim);
                    JobStatus end = fuzz.chance(50) ? JobStatus.SUCCEEDED : JobStatus.FAILED;
                    repository.complete(new JobCompletion<>(id, "w", end, now, 5, "{}", null, null));
                }
                case 3 -> repository.markAborted(id, "{}", now);
                case 4 -> client.cancel(id);
                case 5 -> {
                    repository.claim(claim);
                    repository.requestCancel(id, now);
                }
                default -> {}
            }
            if (fuzz.chance(10)) {
                repository.markCleared(id, now);
            }
        }
    }

    private Snapshot snapshot() {
        Map<Long, String> jobs = new TreeMap<>();
        Map<Long, String> owners = new LinkedHashMap<>();
        Map<Long, JobStatus> statuses = new LinkedHashMap<>();
        var page = queries.findJobs(JobQuery.builder()
                .pageSize(JobQuery.MAX_PAGE_SIZE)
                .countCap(1_000_000)
                .build());
        assertThat(page.total()).as("every job fits one page").isLessThan(JobQuery.MAX_PAGE_SIZE);
        page.items().forEach(j -> {
            jobs.put(
                    j.getId(),
                    j.getStatus() + "|v" + j.getVersion() + "|cleared=" + j.isCleared() + "|cancel="
                            + j.isCancelRequested() + "|retries=" + j.getAttempts() + "|updated=" + j.getUpdatedAt()
                            + "|next=" + j.getNextAttemptAt() + "|sends=" + j.getSendCount() + "|user="
                            + j.getUserName());
            owners.put(j.getId(), j.getUserName());
            statuses.put(j.getId(), j.getStatus());
        });
        String q = "length=" + queue.approximateLength(QUEUE) + " poison="
                + queue.approximateLength(queue.poisonQueueName(QUEUE)) + " sends=" + sends.get();
        return new Snapshot(jobs, q, owners, statuses);
    }

    /** What a request may change: every job's state, and the queue. Equality ignores the lookup maps. */
    private record Snapshot(
            Map<Long, String> jobs, String queue, Map<Long, String> owners, Map<Long, JobStatus> statuses) {

        Set<Long> changedIds(Snapshot after) {
            Set<Long> ids = new HashSet<>(jobs.keySet());
            ids.addAll(after.jobs.keySet());
            ids.removeIf(id -> java.util.Objects.equals(jobs.get(id), after.jobs.get(id)));
            return ids;
        }

        String diff(Snapshot after) {
            StringBuilder s = new StringBuilder();
            for (Long id : changedIds(after)) {
                s.append(id)
                        .append(": ")
                        .append(jobs.get(id))
                        .append(" -> ")
                        .append(after.jobs.get(id))
                        .append("; ");
            }
            return s.append(queue).append(" -> ").append(after.queue).toString();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && jobs.equals(s.jobs) && queue.equals(s.queue);
        }

        @Override
        public int hashCode() {
            return jobs.hashCode() * 31 + queue.hashCode();
        }
    }
}
