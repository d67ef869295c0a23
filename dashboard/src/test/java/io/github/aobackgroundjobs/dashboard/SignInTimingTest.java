package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * An unknown user name costs what a known user's wrong password costs, so the answer time does
 * not tell which names exist. Medians of interleaved samples, so a busy neighbour on the
 * machine slows both sides alike.
 */
class SignInTimingTest {

    @Test
    void unknownUsersCostWhatKnownUsersCostAtATestCost() {
        PasswordAuthenticator auth = authenticator(PasswordAuthenticator.hashPassword("pw".toCharArray(), 20_000));
        double[] medians = medians(auth, 5, 41);
        System.out.printf(
                "Sign-in at 20,000 iterations: known user %.1f ms, unknown user %.1f ms (medians)%n",
                medians[0], medians[1]);
        assertThat(medians[1] / medians[0]).as("unknown / known").isBetween(0.75, 1.33);
    }

    @Test
    void unknownUsersCostWhatKnownUsersCostAtTheDefaultCost() {
        PasswordAuthenticator auth = authenticator(PasswordAuthenticator.hashPassword("pw".toCharArray()));
        double[] medians = medians(auth, 1, 7);
        System.out.printf(
                "Sign-in at the default cost: known user %.1f ms, unknown user %.1f ms (medians)%n",
                medians[0], medians[1]);
        assertThat(medians[0]).as("a known user's wrong password, ms").isGreaterThan(20);
        assertThat(medians[1] / medians[0]).as("unknown / known").isBetween(0.6, 1.6);
    }

    private static PasswordAuthenticator authenticator(String hash) {
        return PasswordAuthenticator.builder()
                .user("alice", hash)
                .loginThrottle(100, Duration.ofSeconds(1)) // the samples must all be checked, not throttled
                .build();
    }

    /** @return {median ms of a known user's wrong password, median ms of an unknown user} */
    private static double[] medians(PasswordAuthenticator auth, int warmUp, int samples) {
        double[] known = new double[samples];
        double[] unknown = new double[samples];
        for (int i = -warmUp; i < samples; i++) {
            double k = millis(() -> auth.login("alice", "wrong".toCharArray(), "10.0.0.1"));
            double u = millis(() -> auth.login("nobody", "wrong".toCharArray(), "10.0.0.2"));
            if (i >= 0) {
                known[i] = k;
                unknown[i] = u;
            }
        }
        return new double[] {median(known), median(unknown)};
    }

    private static double millis(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1e6;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
