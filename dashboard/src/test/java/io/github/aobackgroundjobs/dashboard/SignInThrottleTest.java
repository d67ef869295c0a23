package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in guessing is slowed per client address and per user name: 429 with Retry-After after
 * five failures, doubling waits capped at 30 seconds (never a lockout), with bounded memory. A
 * user name's wait holds up only addresses that have failed themselves; a success clears the
 * name's count but not the address's. Sessions end at sign-out and carry their own
 * cross-site-request token. Time comes from a settable clock, so nothing sleeps.
 */
class SignInThrottleTest {

    private static final String PASSWORD = "correct horse battery";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T09:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final PasswordAuthenticator auth = PasswordAuthenticator.builder()
            .clock(clock)
            .user("alice", PasswordAuthenticator.hashPassword(PASSWORD.toCharArray(), 1_000))
            .user("bob", PasswordAuthenticator.hashPassword(PASSWORD.toCharArray(), 1_000))
            .build();
    private final Dashboard<Long> dashboard = Dashboard.builder(repository)
            .authenticator(auth)
            .actions(JobActions.of(QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                    .clock(clock)
                    .build()))
            .clock(clock)
            .build();

    @AfterEach
    void close() {
        dashboard.close();
    }

    private DashboardResponse login(String user, String password, String address) {
        return dashboard.handle(DashboardRequest.builder("POST", "/api/login")
                .header("Content-Type", "application/json")
                .remoteAddress(address)
                .body(("{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}")
                        .getBytes(StandardCharsets.UTF_8))
                .build());
    }

    @Test
    void fiftyWrongPasswordsFromOneAddressAreSlowedWithGrowingCappedWaits() {
        List<Long> waits = new ArrayList<>();
        int checked = 0;
        for (int i = 0; i < 200 && checked < 50; i++) {
            DashboardResponse r = login("user" + checked, "wrong", "203.0.113.7");
            if (r.status() == 429) {
                long wait = Long.parseLong(r.headers().get("Retry-After"));
                waits.add(wait);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("Too many failed sign-ins");
                clock.advance(Duration.ofSeconds(wait));
            } else {
                assertThat(r.status()).isEqualTo(401);
                checked++;
            }
        }
        // Every attempt after the free five was first refused with a wait, then checked.
        assertThat(checked).isEqualTo(50);
        assertThat(waits).hasSize(44);
        assertThat(waits).startsWith(1L, 2L, 4L, 8L, 16L, 30L, 30L).allMatch(w -> w <= 30);
        assertThat(login("alice", PASSWORD, "203.0.113.7").status())
                .as("the address waits even with the right password")
                .isEqualTo(429);
        clock.advance(Duration.ofSeconds(30));
        assertThat(login("alice", PASSWORD, "203.0.113.7").status()).isEqualTo(200);
        assertThat(login("alice", "wrong", "203.0.113.7").status())
                .as("the wait is over, so the next guess is checked")
                .isEqualTo(401);
        DashboardResponse after = login("bob", "wrong", "203.0.113.7");
        assertThat(after.status())
                .as("the success did not clear the address's 51 failures")
                .isEqualTo(429);
        assertThat(after.headers()).containsEntry("Retry-After", "30");
    }

    @Test
    void aUserNameUnderAttackHoldsUpOnlyAddressesThatHaveFailedThemselves() {
        // Forty addresses guess alice's password twice each: the first guess of each is checked,
        // the second waits on everyone's failures against the name.
        for (int i = 0; i < 40; i++) {
            assertThat(login("alice", "guess" + i, "198.51.100." + i).status())
                    .as("first guess from a fresh address")
                    .isEqualTo(401);
        }
        for (int i = 0; i < 40; i++) {
            DashboardResponse r = login("alice", "again" + i, "198.51.100." + i);
            assertThat(r.status()).as("second guess from address %d", i).isEqualTo(429);
            assertThat(Long.parseLong(r.headers().get("Retry-After"))).isBetween(1L, 30L);
        }
        assertThat(login("alice", PASSWORD, "198.51.100.3").status())
                .as("an address that guessed waits on the name even with the right password")
                .isEqualTo(429);
        assertThat(login("alice", PASSWORD, "192.0.2.1").status())
                .as("alice from an address that has not failed is checked at once")
                .isEqualTo(200);
        assertThat(login("alice", "again", "198.51.100.3").status())
                .as("her success cleared the name's count")
                .isEqualTo(401);
    }

    @Test
    void oneAddressGuessingAUserNameWithoutPauseNeverKeepsTheUserOut() {
        String attacker = "203.0.113.66";
        int checkedGuesses = 0;
        for (int step = 0; step < 600; step++) { // two minutes of a guess every 0.2 s
            if (login("alice", "guess" + step, attacker).status() == 401) {
                checkedGuesses++;
            }
            if (step % 25 == 24) {
                assertThat(login("alice", PASSWORD, "192.0.2." + (step / 25)).status())
                        .as("alice signing in from a clean address at step %d", step)
                        .isEqualTo(200);
            }
            clock.advance(Duration.ofMillis(200));
        }
        // Six in the first second (the sixth arms the first wait), then one after each wait of
        // 1, 2, 4, 8 and 16 s (at 2, 4, 8, 16 and 32 s) and of 30 s (at 62 and 92 s): the
        // attacker's own address is slowed; alice's successes cleared only her name's count.
        assertThat(checkedGuesses).as("the attacker's checked guesses").isEqualTo(13);
        assertThat(login("alice", "guess", attacker).status())
                .as("the attacker's own address still waits")
                .isEqualTo(429);
    }

    @Test
    void aSuccessClearsTheNameButNotTheAddressesFailures() {
        // An account holder alternating their own sign-in with guesses at other names.
        String address = "203.0.113.8";
        for (int i = 0; i < 6; i++) {
            assertThat(login("alice", PASSWORD, address).status()).isEqualTo(200);
            assertThat(login("user" + i, "wrong", address).status())
                    .as("guess %d", i + 1)
                    .isEqualTo(401);
        }
        DashboardResponse held = login("alice", PASSWORD, address);
        assertThat(held.status())
                .as("six failures from the address, successes between them notwithstanding")
                .isEqualTo(429);
        assertThat(held.headers()).containsEntry("Retry-After", "1");
        assertThat(login("user6", "wrong", address).status()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(1));
        assertThat(login("user6", "wrong", address).status()).isEqualTo(401);
        assertThat(login("user7", "wrong", address).headers()).containsEntry("Retry-After", "2");
    }

    @Test
    void theThrottleRemembersABoundedNumberOfAddressesAndNames() throws Exception {
        for (int i = 0; i < PasswordAuthenticator.MAX_THROTTLE_ENTRIES + 500; i++) {
            auth.login("name" + i, "wrong".toCharArray(), "addr" + i);
        }
        var field = PasswordAuthenticator.class.getDeclaredField("throttle");
        field.setAccessible(true);
        var throttle = (io.github.aobackgroundjobs.dashboard.internal.LoginThrottle) field.get(auth);
        assertThat(throttle.size()).isEqualTo(2 * PasswordAuthenticator.MAX_THROTTLE_ENTRIES);
    }

    @Test
    void signingOutEndsTheSessionAndEachSessionHasItsOwnCsrfToken() throws Exception {
        String first = cookie(login("alice", PASSWORD, "192.0.2.1"));
        String second = cookie(login("alice", PASSWORD, "192.0.2.1"));
        String firstToken = csrfToken(first);
        String secondToken = csrfToken(second);
        assertThat(firstToken).isNotEqualTo(secondToken);
        assertThat(clear(first, secondToken).status())
                .as("another session's token")
                .isEqualTo(403);
        assertThat(clear(first, firstToken).status()).as("its own token").isEqualTo(404);

        DashboardResponse out = dashboard.handle(DashboardRequest.builder("POST", "/api/logout")
                .header("Cookie", first)
                .build());
        assertThat(out.status()).isEqualTo(200);
        assertThat(out.headers().get("Set-Cookie")).contains("Max-Age=0");

        assertThat(me(first).status()).as("the old cookie after sign-out").isEqualTo(401);
        assertThat(clear(first, firstToken).status()).isEqualTo(401);
        assertThat(me(second).status()).as("the other session").isEqualTo(200);
    }

    private DashboardResponse me(String cookie) {
        return dashboard.handle(DashboardRequest.builder("GET", "/api/me")
                .header("Cookie", cookie)
                .build());
    }

    private DashboardResponse clear(String cookie, String token) {
        return dashboard.handle(DashboardRequest.builder("POST", "/api/jobs/12345/clear")
                .header("Cookie", cookie)
                .header("X-CSRF-Token", token)
                .build());
    }

    private String csrfToken(String cookie) throws Exception {
        return JSON.readTree(me(cookie).body()).path("csrfToken").asText();
    }

    private static String cookie(DashboardResponse login) {
        assertThat(login.status()).isEqualTo(200);
        String setCookie = login.headers().get("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}
