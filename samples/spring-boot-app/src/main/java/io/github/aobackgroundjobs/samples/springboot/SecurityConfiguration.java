package io.github.aobackgroundjobs.samples.springboot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * The application's own sign-in: a form login for every page, the dashboard included (the
 * starter exempts the dashboard's path from the CSRF filter: the dashboard checks its own
 * token). Health and the Prometheus scrape are open, as a load balancer and a scraper need them.
 *
 * <p>Signed out, a page is redirected to the sign-in form, but the APIs (the dashboard's below
 * {@code /jobs/api/}, the page's below {@code /api/}) answer 401: the bell reads a 401 as "signed
 * out" and stops, where it followed a redirect to the form's page (200), took it for "still signed
 * in" and reconnected every 3 s for as long as the page stayed open (after a restart ended the
 * sessions).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(Customizer.withDefaults())
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
