package io.github.aobackgroundjobs.dashboard.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardAuthenticator;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.DashboardUser;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.JobOutput;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import io.github.aobackgroundjobs.dashboard.ServletPrincipalAuthenticator;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of {@link Dashboard.Builder}, {@link Dashboard}'s life cycle, {@link PasswordAuthenticator}
 * and its builder, and the other authenticators, read as a new user.
 */
class BuildersJavadocTest {

    private static final String HASH = PasswordAuthenticator.hashPassword("pw".toCharArray(), 1_000);

    private static Dashboard.Builder<Long> builder() {
        return Dashboard.builder(InMemoryJobRepository.withLongKeys());
    }

    // ------------------------------------------------------------------ Dashboard.Builder

    @Test
    void theStreamSettingsRangesNameTheSetting() {
        var b = builder();
        assertRange(() -> b.subscriberBuffer(7), "'subscriberBuffer'");
        assertRange(() -> b.subscriberBuffer(100_001), "'subscriberBuffer'");
        assertThatCode(() -> b.subscriberBuffer(8).subscriberBuffer(100_000)).doesNotThrowAnyException();
        assertRange(() -> b.inboxSize(15), "'inboxSize'");
        assertRange(() -> b.inboxSize(1_000_001), "'inboxSize'");
        assertThatCode(() -> b.inboxSize(16).inboxSize(1_000_000)).doesNotThrowAnyException();
        assertRange(() -> b.heartbeat(Duration.ofMillis(999)), "'heartbeat'");
        assertRange(() -> b.heartbeat(Duration.ofMinutes(5).plusNanos(1)), "'heartbeat'");
        assertThatCode(() -> b.heartbeat(Duration.ofSeconds(1)).heartbeat(Duration.ofMinutes(5)))
                .doesNotThrowAnyException();
        assertRange(() -> b.maxStreamsPerUser(0), "'maxStreamsPerUser'");
        assertRange(() -> b.maxStreamsPerUser(10_001), "'maxStreamsPerUser'");
        assertThatCode(() -> b.maxStreamsPerUser(1).maxStreamsPerUser(10_000)).doesNotThrowAnyException();
        assertRange(() -> b.streamWriters(0), "'streamWriters'");
        assertRange(() -> b.streamWriters(65), "'streamWriters'");
        assertThatCode(() -> b.streamWriters(1).streamWriters(64)).doesNotThrowAnyException();
        assertThat(Dashboard.DEFAULT_INBOX_SIZE).isEqualTo(10_000);
    }

    private static void assertRange(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String name) {
        assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }

    @Test
    void nullSettingsAreRefusedNamingTheParameter() {
        var b = builder();
        assertThatThrownBy(() -> Dashboard.builder(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'repository'");
        assertThatThrownBy(() -> b.actions(null)).hasMessageContaining("'actions'");
        assertThatThrownBy(() -> b.authenticator(null)).hasMessageContaining("'authenticator'");
        assertThatThrownBy(() -> b.clock(null)).hasMessageContaining("'clock'");
        assertThatThrownBy(() -> b.serializer(null)).hasMessageContaining("'serializer'");
        assertThatThrownBy(() -> b.heartbeat(null)).hasMessageContaining("'heartbeat'");
        assertThatThrownBy(() -> b.secret(null)).hasMessageContaining("'secret'");
        assertThatThrownBy(() -> b.webhookReceiver(null)).hasMessageContaining("'verifier'");
        assertThatThrownBy(() -> b.queryRepository(null)).hasMessageContaining("'queryRepository'");
        assertThatThrownBy(() -> b.renderer(null, job -> java.util.List.of())).hasMessageContaining("'requestType'");
        assertThatThrownBy(() -> b.renderer("T", null)).hasMessageContaining("'renderer'");
        assertThatThrownBy(() -> b.queues(null, "q")).hasMessageContaining("'queue'");
        assertThatThrownBy(() -> b.queues(new InMemoryJobQueue(), "q", null)).hasMessageContaining("'queueNames'");
        assertThatThrownBy(() -> b.linkOrigins((String[]) null)).hasMessageContaining("'origins'");
    }

    @Test
    void theAdminRoleCannotBeBlankOrNull() {
        var b = builder();
        assertThatThrownBy(() -> b.adminRole(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'adminRole'");
        assertThatThrownBy(() -> b.adminRole(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'adminRole'");
        assertThatCode(() -> b.adminRole("ops")).doesNotThrowAnyException();
    }

    @Test
    void aRouteIsGetOrPostInAnyCaseOnAPathStartingWithASlash() {
        var b = builder();
        DashboardRouteStub route = new DashboardRouteStub();
        assertThatThrownBy(() -> b.route("PUT", "/x", route::handle))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'method'");
        assertThatThrownBy(() -> b.route("GET", "x", route::handle))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'path'");
        assertThatThrownBy(() -> b.route(null, "/x", route::handle)).hasMessageContaining("'method'");
        assertThatThrownBy(() -> b.route("GET", null, route::handle)).hasMessageContaining("'path'");
        assertThatThrownBy(() -> b.route("GET", "/x", null)).hasMessageContaining("'route'");
        assertThatCode(() -> b.route("get", "/x", route::handle).route("post", "/x", route::handle))
                .doesNotThrowAnyException();
    }

    private static final class DashboardRouteStub {
        DashboardResponse handle(DashboardRequest request, DashboardUser user) {
            return DashboardResponse.json(200, "{}");
        }
    }

    @Test
    void aRouteTakesPrecedenceOverTheDashboardsOwnPathKeepsItsCacheControl_andWhatItThrowsIs500WithoutInternals() {
        try (Direct d = new Direct(b -> b.route(
                        "GET", "/api/me", (request, user) -> DashboardResponse.json(200, "{\"mine\":true}"))
                .route(
                        "GET",
                        "/api/cached",
                        (request, user) -> DashboardResponse.json(200, "{}").withHeader("cache-control", "max-age=60"))
                .route("GET", "/api/boom", (request, user) -> {
                    throw new IllegalStateException("secret internals");
                })
                .route("GET", "/api/assert", (request, user) -> {
                    throw new AssertionError("secret internals");
                }))) {
            String alice = d.signIn("alice").cookie();
            DashboardResponse me = d.get("/api/me", alice);
            assertThat(me.status()).isEqualTo(200);
            assertThat(Direct.json(me).path("mine").asBoolean()).isTrue();
            DashboardResponse cached = d.get("/api/cached", alice);
            assertThat(cached.headers().entrySet())
                    .as("a route's own Cache-Control, in any case, is kept")
                    .filteredOn(h -> h.getKey().equalsIgnoreCase("Cache-Control"))
                    .extracting(java.util.Map.Entry::getValue)
                    .containsExactly("max-age=60");
            DashboardResponse boom = d.get("/api/boom", alice);
            assertThat(boom.status()).isEqualTo(500);
            assertThat(new String(boom.body(), StandardCharsets.UTF_8)).doesNotContain("secret internals");
            // An Error is a route's failure too, answered the same way.
            DashboardResponse asserted = d.get("/api/assert", alice);
            assertThat(asserted.status()).isEqualTo(500);
            assertThat(new String(asserted.body(), StandardCharsets.UTF_8)).doesNotContain("secret internals");
        }
    }

    /** The request of {@link #aRouteOrRendererAddedAgainForTheSameKeyReplacesTheFirst}. */
    record Twice(int n) {}

    @Test
    void aRouteOrRendererAddedAgainForTheSameKeyReplacesTheFirst() {
        try (Direct d = new Direct(b -> b.route("GET", "/api/which", (r, u) -> DashboardResponse.json(200, "1"))
                .route("get", "/api/which", (r, u) -> DashboardResponse.json(200, "2"))
                .renderer("Twice", job -> java.util.List.of(JobOutput.text("which", "1")))
                .renderer("Twice", job -> java.util.List.of(JobOutput.text("which", "2"))))) {
            String alice = d.signIn("alice").cookie();
            assertThat(new String(d.get("/api/which", alice).body(), StandardCharsets.UTF_8))
                    .isEqualTo("2");
            Long id = d.client.queueJob("steps", "alice", new Twice(1));
            assertThat(Direct.json(d.get("/api/jobs/" + id, alice))
                            .path("output")
                            .path(0)
                            .path("value")
                            .asText())
                    .isEqualTo("2");
        }
    }

    // ------------------------------------------------------------------ Dashboard's life cycle

    @Test
    void handleRefusesNullAndCloseTwiceDoesNothingMore() {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        Dashboard<Long> dashboard = Dashboard.builder(repository)
                .authenticator(request -> Optional.empty())
                .actions(JobActions.of(client))
                .build();
        assertThatThrownBy(() -> dashboard.handle(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'request'");
        assertThat(dashboard.subscriberCount()).isZero();
        assertThat(dashboard.droppedSubscriberCount()).isZero();
        dashboard.close();
        assertThatCode(dashboard::close).doesNotThrowAnyException();
        assertThat(dashboard.subscriberCount()).isZero();
        assertThatThrownBy(() -> JobActions.of(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'client'");
    }

    @Test
    void handleNeverThrows_aFailingAuthenticatorOrActionIs500WithoutInternals() {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        JobActions<Long> broken = new JobActions<>() {
            @Override
            public boolean retry(Long id) {
                throw new IllegalStateException("pool /srv/db exhausted");
            }

            @Override
            public io.github.aobackgroundjobs.CancelResult cancel(Long id) {
                throw new IllegalStateException("pool /srv/db exhausted");
            }

            @Override
            public boolean clear(Long id) {
                throw new IllegalStateException("pool /srv/db exhausted");
            }
        };
        try (Dashboard<Long> failingSignIn = Dashboard.builder(repository)
                        .authenticator(request -> {
                            throw new IllegalStateException("ldap /srv/ldap down");
                        })
                        .actions(broken)
                        .build();
                Dashboard<Long> failingActions = Dashboard.builder(repository)
                        .authenticator(request -> Optional.of(new DashboardUser("carol", Set.of())))
                        .actions(broken)
                        .build()) {
            DashboardResponse me = failingSignIn.handle(
                    DashboardRequest.builder("GET", "/api/me").build());
            assertThat(me.status()).isEqualTo(500);
            assertThat(new String(me.body(), StandardCharsets.UTF_8)).doesNotContain("/srv");
            Long id = client.queueJob("steps", "carol", new Twice(1));
            String token = Direct.json(failingActions.handle(
                            Direct.request("GET", "/api/me", null).build()))
                    .path("csrfToken")
                    .asText();
            DashboardResponse cancel = failingActions.handle(Direct.request("POST", "/api/jobs/" + id + "/cancel", null)
                    .header("Origin", Direct.ORIGIN)
                    .header("X-CSRF-Token", token)
                    .build());
            assertThat(cancel.status()).isEqualTo(500);
            assertThat(new String(cancel.body(), StandardCharsets.UTF_8)).doesNotContain("/srv");
            // A path without its leading slash never reaches handle: the request's builder refuses it.
            assertThatThrownBy(() -> Direct.request("GET", "api/me", null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'path'");
        }
    }

    // ------------------------------------------------------------------ PasswordAuthenticator

    @Test
    void theDefaultHashNamesItsAlgorithmAndIterations() {
        assertThat(PasswordAuthenticator.hashPassword("pw".toCharArray())).startsWith("pbkdf2-sha512$210000$");
        assertThat(PasswordAuthenticator.hashPassword("pw".toCharArray(), 1_000))
                .startsWith("pbkdf2-sha512$1000$")
                .isNotEqualTo(HASH);
        assertThatThrownBy(() -> PasswordAuthenticator.hashPassword(null, 1_000))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'password'");
    }

    @Test
    void theAuthenticatorsBuilderRules() {
        assertThatThrownBy(() -> PasswordAuthenticator.builder().build()).isInstanceOf(IllegalStateException.class);
        var b = PasswordAuthenticator.builder();
        assertThatThrownBy(() -> b.user(" ", HASH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> b.user("alice", "plain-text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'passwordHash'");
        assertThatThrownBy(() -> b.user(null, HASH)).hasMessageContaining("'name'");
        assertThatThrownBy(() -> b.user("alice", null)).hasMessageContaining("'passwordHash'");
        assertRange(() -> b.sessionTtl(Duration.ofSeconds(59)), "'sessionTtl'");
        assertRange(() -> b.sessionTtl(Duration.ofDays(30).plusSeconds(1)), "'sessionTtl'");
        assertThatCode(() -> b.sessionTtl(Duration.ofMinutes(1)).sessionTtl(Duration.ofDays(30)))
                .doesNotThrowAnyException();
        assertRange(() -> b.maxSessions(0), "'maxSessions'");
        assertRange(() -> b.maxSessions(1_000_001), "'maxSessions'");
        assertThatCode(() -> b.maxSessions(1).maxSessions(1_000_000)).doesNotThrowAnyException();
        assertRange(() -> b.loginThrottle(0, Duration.ofSeconds(30)), "'freeFailures'");
        assertRange(() -> b.loginThrottle(101, Duration.ofSeconds(30)), "'freeFailures'");
        assertRange(() -> b.loginThrottle(5, Duration.ofMillis(999)), "'maxDelay'");
        assertRange(() -> b.loginThrottle(5, Duration.ofMinutes(5).plusSeconds(1)), "'maxDelay'");
        assertThatThrownBy(() -> b.loginThrottle(5, null)).hasMessageContaining("'maxDelay'");
        assertThatCode(() -> b.loginThrottle(1, Duration.ofSeconds(1)).loginThrottle(100, Duration.ofMinutes(5)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> b.clock(null)).hasMessageContaining("'clock'");
        assertThatThrownBy(() -> b.sessionSecret(null)).hasMessageContaining("'sessionSecret'");
    }

    @Test
    void aUsersRolesMayRepeatButNotBeNull() {
        PasswordAuthenticator auth = PasswordAuthenticator.builder()
                .user("root", HASH, "admin", "admin", "ops")
                .build();
        String cookie = cookie(auth.login("root", "pw".toCharArray()).orElseThrow());
        assertThat(auth.authenticate(me(cookie)).orElseThrow().roles()).containsExactlyInAnyOrder("admin", "ops");
        assertThatThrownBy(() -> PasswordAuthenticator.builder().user("root", HASH, "admin", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'roles'");
    }

    @Test
    void aUserAddedAgainIsReplaced() {
        String other = PasswordAuthenticator.hashPassword("other".toCharArray(), 1_000);
        PasswordAuthenticator auth = PasswordAuthenticator.builder()
                .user("alice", HASH)
                .user("alice", other, "admin")
                .build();
        assertThat(auth.login("alice", "pw".toCharArray())).isEmpty();
        String cookie = cookie(auth.login("alice", "other".toCharArray()).orElseThrow());
        assertThat(auth.authenticate(me(cookie)).orElseThrow().hasRole("admin")).isTrue();
    }

    @Test
    void aSignInReportsWhatItCameTo_andSigningOutEndsTheSessionAtOnce() {
        PasswordAuthenticator auth = PasswordAuthenticator.builder()
                .user("alice", HASH)
                .clock(new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC))
                .loginThrottle(1, Duration.ofSeconds(30))
                .build();
        PasswordAuthenticator.LoginResult ok = auth.login("alice", "pw".toCharArray(), "10.0.0.1");
        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.throttled()).isFalse();
        assertThat(ok.setCookie()).startsWith(PasswordAuthenticator.COOKIE_NAME + "=");
        PasswordAuthenticator.LoginResult wrong = auth.login("alice", "nope".toCharArray(), "10.0.0.2");
        assertThat(wrong.succeeded()).isFalse();
        assertThat(wrong.throttled()).as("checked, so not throttled").isFalse();
        assertThat(wrong.retryAfter()).isNull();
        assertThat(auth.login("alice", "nope".toCharArray(), "10.0.0.2").throttled())
                .as("the free failure and one more")
                .isFalse();
        PasswordAuthenticator.LoginResult held = auth.login("alice", "pw".toCharArray(), "10.0.0.2");
        assertThat(held.throttled()).isTrue();
        assertThat(held.succeeded()).isFalse();
        assertThat(held.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        // Nothing to check against: not a match, and not an exception.
        assertThat(auth.login(null, "pw".toCharArray())).isEmpty();
        assertThat(auth.login("nobody", null)).isEmpty();

        DashboardRequest request = me(cookie(ok.setCookie()));
        DashboardUser alice = auth.authenticate(request).orElseThrow();
        assertThat(alice.sessionId()).isNotNull();
        assertThat(auth.isSignedIn(alice)).isTrue();
        assertThat(auth.logout(request)).isEqualTo(auth.logoutCookie());
        assertThat(auth.authenticate(request)).isEmpty();
        assertThat(auth.isSignedIn(alice)).isFalse();
        assertThatCode(() -> auth.logout(request)).as("twice").doesNotThrowAnyException();
        assertThat(auth.authenticate(DashboardRequest.builder("GET", "/").build()))
                .as("no cookie")
                .isEmpty();
    }

    @Test
    void isSignedInTurnsFalseWhenTheSessionExpiresOrIsEvicted() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        PasswordAuthenticator auth = PasswordAuthenticator.builder()
                .user("alice", HASH)
                .user("bob", HASH)
                .clock(clock)
                .sessionTtl(Duration.ofMinutes(1))
                .maxSessions(1)
                .build();
        DashboardRequest aliceSignIn =
                me(cookie(auth.login("alice", "pw".toCharArray()).orElseThrow()));
        DashboardUser alice = auth.authenticate(aliceSignIn).orElseThrow();
        clock.advance(Duration.ofSeconds(59));
        assertThat(auth.isSignedIn(alice)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(auth.isSignedIn(alice)).as("expired").isFalse();
        assertThat(auth.authenticate(aliceSignIn)).isEmpty();

        DashboardRequest bobSignIn =
                me(cookie(auth.login("bob", "pw".toCharArray()).orElseThrow()));
        DashboardUser bob = auth.authenticate(bobSignIn).orElseThrow();
        auth.login("alice", "pw".toCharArray()).orElseThrow();
        assertThat(auth.isSignedIn(bob)).as("evicted past maxSessions").isFalse();
        assertThat(auth.authenticate(bobSignIn)).isEmpty();
    }

    private static String cookie(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static DashboardRequest me(String cookie) {
        return DashboardRequest.builder("GET", "/api/me")
                .header("Cookie", cookie)
                .build();
    }

    // ------------------------------------------------------------------ other authenticators

    @Test
    void anAuthenticatorsSignInsLastByDefault_andTheServletOneNeedsAServletRequest() {
        DashboardAuthenticator hostSignIn = request -> Optional.of(new DashboardUser("carol", Set.of()));
        assertThat(hostSignIn.isSignedIn(new DashboardUser("carol", Set.of(), "s1")))
                .isTrue();
        ServletPrincipalAuthenticator servlet = new ServletPrincipalAuthenticator("manager", "admin");
        assertThat(servlet.authenticate(DashboardRequest.builder("GET", "/api/me")
                        .nativeRequest(new Object())
                        .build()))
                .isEmpty();
        assertThat(servlet.isSignedIn(new DashboardUser("carol", Set.of())))
                .as("no session")
                .isTrue();
        assertThatThrownBy(() -> new ServletPrincipalAuthenticator(null, "admin"))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'containerAdminRole'");
        assertThatThrownBy(() -> new ServletPrincipalAuthenticator("manager", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'dashboardAdminRole'");
    }
}
