package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Password guessing at the sample's sign-in form over HTTP: after 5 failures the form answers 429
 * with {@code Retry-After} without checking the password, alike for a name that exists and one
 * that does not, and lets the user in again once the wait is over.
 */
class SignInThrottleHttpTest {

    private static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private static ConfigurableApplicationContext application;
    private static String base;

    @BeforeAll
    static void start() {
        application = new SpringApplicationBuilder(SampleApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("clock", (Clock) CLOCK))
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:h2:mem:sign-in-throttle;DB_CLOSE_DELAY=-1",
                        "--backgroundjobs.worker.enabled=false");
        base = SampleHttp.base(application);
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
    }

    @BeforeEach
    void forgetEarlierFailures() {
        // Every test signs in from 127.0.0.1: an hour later its address's count has started over.
        CLOCK.advance(Duration.ofHours(1));
    }

    @Test
    void afterFiveFailuresTheFormAnswers429UntilTheWaitIsOver() throws Exception {
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> wrong = signIn("demo", "guess-" + i);
            assertThat(wrong.statusCode()).as("guess %d", i).isEqualTo(302);
            assertThat(wrong.headers().firstValue("Location").orElse("")).endsWith("/login?error");
        }

        HttpResponse<String> refused = signIn("demo", "demo-password");

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).contains("30");
        assertThat(refused.body())
                .isEqualTo("Too many failed sign-ins from this address or for this user; try again in 30 s.");
        CLOCK.advance(Duration.ofSeconds(29));
        assertThat(signIn("demo", "demo-password").statusCode()).isEqualTo(429);
        CLOCK.advance(Duration.ofSeconds(1));
        HttpResponse<String> signedIn = signIn("demo", "demo-password");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location").orElse("")).doesNotContain("error");
    }

    @Test
    void aNameThatDoesNotExistIsAnsweredAsOneThatDoes() throws Exception {
        for (String name : new String[] {"admin", "nobody-by-that-name"}) {
            CLOCK.advance(Duration.ofHours(1));
            for (int i = 1; i <= 5; i++) {
                assertThat(signIn(name, "guess-" + i)
                                .headers()
                                .firstValue("Location")
                                .orElse(""))
                        .as(name)
                        .endsWith("/login?error");
            }
            HttpResponse<String> refused = signIn(name, "guess-6");
            assertThat(refused.statusCode()).as(name).isEqualTo(429);
            assertThat(refused.body())
                    .as(name)
                    .isEqualTo("Too many failed sign-ins from this address or for this user; try again in 30 s.");
        }
    }

    private static HttpResponse<String> signIn(String user, String password) throws Exception {
        return SampleHttp.submitSignIn(SampleHttp.newClient(), base, user, password);
    }
}
