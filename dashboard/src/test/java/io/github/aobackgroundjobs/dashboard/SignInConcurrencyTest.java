package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.dashboard.internal.LoginThrottle;
import io.github.aobackgroundjobs.dashboard.internal.PasswordCheckPermits;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sign-in attempts arriving together: each reserves its place in the throttle before its
 * password is checked, so a burst gets no more checks than a sequence would, and the checks
 * running at once are bounded. Real threads released together; the throttle's clock stands
 * still, so the outcome does not depend on how fast the machine is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignInConcurrencyTest {

    private static final String PASSWORD = "correct horse battery";
    private static final int THREADS = 40;

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-05T09:00:00Z"), ZoneOffset.UTC);
    private final PasswordAuthenticator auth = PasswordAuthenticator.builder()
            .clock(clock)
            .user("admin", PasswordAuthenticator.hashPassword(PASSWORD.toCharArray(), 1_000), "admin")
            .build();

    @Test
    void fortyConcurrentWrongPasswordsFromOneAddressGetNoMoreChecksThanInSequence() throws Exception {
        List<PasswordAuthenticator.LoginResult> results =
                together(i -> auth.login("admin", ("wrong" + i).toCharArray(), "203.0.113.7"));

        long checked = results.stream().filter(r -> !r.throttled()).count();
        System.out.printf(
                "%d concurrent wrong passwords: %d checked, %d throttled%n", THREADS, checked, THREADS - checked);
        assertThat(results).noneMatch(PasswordAuthenticator.LoginResult::succeeded);
        // Five free failures and the sixth that arms the first wait; a check may also have been
        // turned away for want of a free slot, never let through.
        assertThat(checked)
                .as("checked passwords")
                .isBetween(1L, (long) PasswordAuthenticator.DEFAULT_FREE_FAILURES + 1);
        assertThat(results.stream().filter(PasswordAuthenticator.LoginResult::throttled))
                .allMatch(r -> r.retryAfter().compareTo(Duration.ofSeconds(1)) >= 0);
        assertThat(auth.login("admin", PASSWORD.toCharArray(), "203.0.113.7").throttled())
                .as("the address waits afterwards, the clock having stood still")
                .isTrue();
    }

    @Test
    void fortyConcurrentReservationsOfOneKeyAdmitExactlyTheFreeFailuresAndOneMore() throws Exception {
        LoginThrottle throttle = new LoginThrottle(clock, 5, Duration.ofSeconds(1), Duration.ofSeconds(30), 100);
        // Nobody settles before everybody has asked, as if every check were still running.
        List<LoginThrottle.Attempt> attempts = together(i -> throttle.begin("203.0.113.7", "admin"));

        assertThat(attempts.stream().filter(a -> a.refusedFor().isEmpty()))
                .as("attempts let through to a check")
                .hasSize(6);
        assertThat(attempts.stream().filter(a -> a.refusedFor().isPresent()))
                .allMatch(a -> a.refusedFor().orElseThrow().equals(Duration.ofSeconds(1)));
        attempts.forEach(LoginThrottle.Attempt::failed);
        assertThat(throttle.begin("203.0.113.7", "admin").refusedFor())
                .as("after six failures")
                .contains(Duration.ofSeconds(1));
    }

    @Test
    void concurrentAttemptsWithoutAnAddressAreBoundByTheNamesCount() throws Exception {
        LoginThrottle throttle = new LoginThrottle(clock, 5, Duration.ofSeconds(1), Duration.ofSeconds(30), 100);
        List<LoginThrottle.Attempt> attempts = together(i -> throttle.begin(null, "admin"));

        assertThat(attempts.stream().filter(a -> a.refusedFor().isEmpty())).hasSize(6);
        attempts.forEach(LoginThrottle.Attempt::abandoned);
        assertThat(throttle.size())
                .as("abandoned reservations leave nothing behind")
                .isZero();
    }

    @Test
    void anAttemptFindingEveryCheckSlotTakenIsRefusedUncheckedAndNotCounted() throws Exception {
        PasswordAuthenticator strict = PasswordAuthenticator.builder()
                .clock(clock)
                .user("admin", PasswordAuthenticator.hashPassword(PASSWORD.toCharArray(), 1_000), "admin")
                .loginThrottle(1, Duration.ofSeconds(30))
                .build();
        PasswordCheckPermits permits = permitsOf(strict);
        int slots = Math.max(2, Runtime.getRuntime().availableProcessors());
        assertThat(permits.available()).as("concurrent checks allowed").isEqualTo(slots);
        for (int i = 0; i < slots; i++) {
            assertThat(permits.tryAcquire()).isTrue();
        }
        try {
            for (int i = 0; i < 2; i++) {
                PasswordAuthenticator.LoginResult busy = strict.login("admin", PASSWORD.toCharArray(), "192.0.2.1");
                assertThat(busy.throttled()).as("with every slot taken").isTrue();
                assertThat(busy.retryAfter()).isEqualTo(PasswordAuthenticator.BUSY_RETRY_AFTER);
            }
        } finally {
            for (int i = 0; i < slots; i++) {
                permits.release();
            }
        }
        // One free failure: had the two refusals counted, the first of these would wait.
        assertThat(strict.login("admin", "wrong".toCharArray(), "192.0.2.1").throttled())
                .isFalse();
        assertThat(strict.login("admin", "wrong".toCharArray(), "192.0.2.1").throttled())
                .isFalse();
        assertThat(strict.login("admin", "wrong".toCharArray(), "192.0.2.1").throttled())
                .isTrue();
        assertThat(permits.available()).as("every slot handed back").isEqualTo(slots);
    }

    private static PasswordCheckPermits permitsOf(PasswordAuthenticator auth) throws Exception {
        var field = PasswordAuthenticator.class.getDeclaredField("checks");
        field.setAccessible(true);
        return (PasswordCheckPermits) field.get(auth);
    }

    /** Runs the call on {@link #THREADS} threads released at once, and returns what each returned. */
    private static <T> List<T> together(IntFunction<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.apply(n);
                }));
            }
            assertThat(ready.await(20, TimeUnit.SECONDS))
                    .as("all threads started")
                    .isTrue();
            go.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(30, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
