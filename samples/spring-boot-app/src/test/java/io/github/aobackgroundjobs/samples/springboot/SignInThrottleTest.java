package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The throttle's rules for one address and one name, and its bound. */
class SignInThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void fiveFailuresThenWaitsThatGrowToFiveMinutes() {
        failTimes("10.0.0.1", "demo", 5);

        assertThat(throttle.begin("10.0.0.1", "demo").refusedFor()).contains(Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(30));
        failTimes("10.0.0.1", "demo", 1);
        assertThat(throttle.begin("10.0.0.1", "demo").refusedFor()).contains(Duration.ofMinutes(1));
        for (Duration wait : new Duration[] {
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(5)
        }) {
            clock.advance(wait);
            failTimes("10.0.0.1", "demo", 1);
        }
        assertThat(throttle.begin("10.0.0.1", "demo").refusedFor()).contains(Duration.ofMinutes(5));
    }

    @Test
    void anAttemptInProgressPastTheFreeOnesHoldsTheNextOne() {
        failTimes("10.0.0.1", "demo", 4);
        SignInThrottle.Attempt fifth = throttle.begin("10.0.0.1", "demo");
        assertThat(fifth.refusedFor()).isEmpty();

        assertThat(throttle.begin("10.0.0.1", "demo").refusedFor()).isPresent();
        fifth.abandoned();
        assertThat(throttle.begin("10.0.0.1", "demo").refusedFor()).isEmpty();
    }

    @Test
    void aNameThatDoesNotExistIsHeldAsOneThatDoes() {
        failTimes("10.0.0.1", "nobody", 5);
        failTimes("10.0.0.2", "demo", 5);

        assertThat(throttle.begin("10.0.0.1", "nobody").refusedFor()).contains(Duration.ofSeconds(30));
        assertThat(throttle.begin("10.0.0.2", "demo").refusedFor()).contains(Duration.ofSeconds(30));
    }

    @Test
    void guessingFromElsewhereDoesNotHoldUpTheUserFromAnAddressThatHasNotFailed() {
        for (int i = 1; i <= 6; i++) {
            failTimes("10.0.1." + i, "demo", 1);
        }
        assertThat(throttle.begin("10.0.1.7", "demo").refusedFor())
                .as("an address that has not failed gets its attempt")
                .isEmpty();
        SignInThrottle.Attempt user = throttle.begin("192.168.0.9", "demo");

        assertThat(user.refusedFor()).as("the user's own address").isEmpty();
        user.succeeded();
        assertThat(throttle.begin("10.0.1.1", "demo").refusedFor())
                .as("the success cleared the name")
                .isEmpty();
    }

    @Test
    void anAddressThatHasFailedWaitsOnTheNamesCount() {
        for (int i = 1; i <= 5; i++) {
            failTimes("10.0.1." + i, "demo", 1);
        }

        assertThat(throttle.begin("10.0.1.1", "demo").refusedFor()).contains(Duration.ofSeconds(30));
    }

    @Test
    void aSuccessKeepsTheAddresssFailures() {
        failTimes("10.0.0.1", "guess", 4);
        throttle.begin("10.0.0.1", "demo").succeeded();
        failTimes("10.0.0.1", "guess2", 1);

        assertThat(throttle.begin("10.0.0.1", "demo").refusedFor()).contains(Duration.ofSeconds(30));
    }

    @Test
    void countsAreForgottenAfterFifteenQuietMinutes() {
        failTimes("10.0.0.1", "demo", 5);
        clock.advance(SignInThrottle.FORGET_AFTER);

        assertThat(throttle.begin("10.0.0.1", "demo").refusedFor()).isEmpty();
    }

    @Test
    void namesAndAddressesRememberedAreBounded() {
        String longName = "x".repeat(1_000);
        for (int i = 0; i < SignInThrottle.MAX_KEYS + 500; i++) {
            throttle.begin("a" + i, i + longName).failed();
        }

        assertThat(throttle.size()).isLessThanOrEqualTo(2 * SignInThrottle.MAX_KEYS);
    }

    private void failTimes(String address, String name, int times) {
        for (int i = 0; i < times; i++) {
            SignInThrottle.Attempt attempt = throttle.begin(address, name);
            assertThat(attempt.refusedFor())
                    .as("attempt %d of %s for %s", i + 1, address, name)
                    .isEmpty();
            attempt.failed();
        }
    }
}
