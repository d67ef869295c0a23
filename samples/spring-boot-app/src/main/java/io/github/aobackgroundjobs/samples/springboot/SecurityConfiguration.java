package io.github.aobackgroundjobs.samples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The application's own sign-in: a form login for every page, the dashboard included (the
 * starter exempts the dashboard's path from the CSRF filter: the dashboard checks its own
 * token). Health is open, as a load balancer needs it; the Prometheus scrape needs its token
 * ({@link MetricsScrapeFilter}).
 *
 * <p>Signed out, a page is redirected to the sign-in form, but the APIs (the dashboard's below
 * {@code /jobs/api/}, the page's below {@code /api/}) answer 401: the bell reads a 401 as "signed
 * out" and stops, where it followed a redirect to the form's page (200), took it for "still signed
 * in" and reconnected every 3 s for as long as the page stayed open (after a restart ended the
 * sessions).
 *
 * <p>A client that has not signed in gets no session: the sign-in form's CSRF token is kept in a
 * cookie ({@code XSRF-TOKEN}, {@code HttpOnly}, {@code SameSite=Lax}; the form's field must match
 * it), the page to return to after signing in in another ({@code REDIRECT_URI}), and a failed
 * sign-in keeps no message in a session. With Spring's defaults each of these made a session, held
 * for 30 minutes, so anonymous requests alone could fill the memory. The session is made by a
 * successful sign-in.
 *
 * <p>The form's posts are throttled per address and per user name ({@link SignInThrottle}): a
 * guesser is answered 429 for a while, where Spring checked every guess. Each user keeps at most
 * {@link SessionsPerUser#MAX_PER_USER} signed-in sessions, the oldest ended by a further sign-in.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain security(
            HttpSecurity http,
            SignInThrottle throttle,
            SessionsPerUser sessions,
            @Value("${sample.metrics-token:}") String metricsToken)
            throws Exception {
        CookieRequestCache returnTo = returnToCookie();
        SavedRequestAwareAuthenticationSuccessHandler signedIn = new SavedRequestAwareAuthenticationSuccessHandler();
        signedIn.setRequestCache(returnTo);
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        // Spring's error page, so that a refusal (a 403 of the CSRF filter) reaches
                        // the client as such, not as a redirect to the sign-in form.
                        .requestMatchers("/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .csrf(csrf -> csrf.csrfTokenRepository(csrfCookie()))
                .requestCache(cache -> cache.requestCache(returnTo))
                .addFilterBefore(new SignInThrottleFilter(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(
                        new MetricsScrapeFilter(metricsToken.strip()), UsernamePasswordAuthenticationFilter.class)
                .formLogin(form -> form.successHandler(SignInThrottleFilter.succeeded(signedIn))
                        .failureHandler(SignInThrottleFilter.failed(failedSignIn())))
                .sessionManagement(session -> session.addSessionAuthenticationStrategy(sessions))
                .logout(Customizer.withDefaults())
                .exceptionHandling(errors -> errors
                        // Entry points added here (not authenticationEntryPoint(...), which would
                        // also turn off the generated sign-in page), tried in order.
                        .defaultAuthenticationEntryPointFor(
                                SecurityConfiguration::signInFirst,
                                new OrRequestMatcher(
                                        PathPatternRequestMatcher.pathPattern("/jobs/api/**"),
                                        PathPatternRequestMatcher.pathPattern("/api/**")))
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), AnyRequestMatcher.INSTANCE))
                .build();
    }

    /**
     * The form's throttle, on the application's {@link Clock} bean if it has one (the tests'),
     * else on the system's.
     */
    @Bean
    SignInThrottle signInThrottle(ObjectProvider<Clock> clock) {
        return new SignInThrottle(clock.getIfAvailable(Clock::systemUTC));
    }

    /**
     * The cap of signed-in sessions per user; a bean, so that the container also reports to it
     * the sessions that end.
     */
    @Bean
    SessionsPerUser sessionsPerUser() {
        return new SessionsPerUser();
    }

    /** The CSRF token in a cookie of its own, where Spring keeps it in the session by default. */
    private static CookieCsrfTokenRepository csrfCookie() {
        CookieCsrfTokenRepository cookie = new CookieCsrfTokenRepository();
        cookie.setCookieCustomizer(c -> c.sameSite("Lax"));
        return cookie;
    }

    /**
     * The page to go back to after signing in, in a cookie. Only pages a browser navigates to are
     * remembered: not an API's call, nor a script's or an image's request, which would send the
     * user to JSON or to the icon once signed in.
     */
    private static CookieRequestCache returnToCookie() {
        CookieRequestCache cache = new CookieRequestCache();
        RequestMatcher api = new OrRequestMatcher(
                PathPatternRequestMatcher.pathPattern("/jobs/api/**"),
                PathPatternRequestMatcher.pathPattern("/api/**"));
        cache.setRequestMatcher(request -> "GET".equals(request.getMethod())
                && !api.matches(request)
                && String.valueOf(request.getHeader("Accept")).contains("text/html")
                && !"XMLHttpRequest".equals(request.getHeader("X-Requested-With")));
        return cache;
    }

    /** Back to the form with {@code ?error}; the form then says the name or password was wrong. */
    private static SimpleUrlAuthenticationFailureHandler failedSignIn() {
        SimpleUrlAuthenticationFailureHandler failed = new SimpleUrlAuthenticationFailureHandler("/login?error");
        failed.setAllowSessionCreation(false);
        return failed;
    }

    /** A signed-out call of an API: 401 with the dashboard's kind of JSON error. */
    private static void signInFirst(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write("{\"error\":\"Sign in first.\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Bean
    InMemoryUserDetailsManager users(SampleUsers users) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(
                User.withUsername(users.user().name())
                        .password(encoder.encode(users.user().password()))
                        .roles("USER")
                        .build(),
                User.withUsername(users.admin().name())
                        .password(encoder.encode(users.admin().password()))
                        .roles("USER", "ADMIN")
                        .build());
    }
}
