package io.github.aobackgroundjobs.samples.springboot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers the Prometheus scrape ({@code /actuator/prometheus}) only to a client sending {@code
 * Authorization: Bearer <token>} with the configured token ({@code sample.metrics-token}), as a
 * Prometheus job's {@code authorization} setting sends it. Open to anyone, the scrape told every
 * visitor what the health endpoint keeps for admins (the queues, the worker), and the exact JVM
 * build, the server's working directory and the count of failed sign-ins.
 */
final class MetricsScrapeFilter extends OncePerRequestFilter {

    // Matched as the authorization rules and the endpoint's mapping match it (decoded, normalized),
    // so no spelling of the path reaches the endpoint past this filter.
    private static final RequestMatcher SCRAPE = PathPatternRequestMatcher.pathPattern("/actuator/prometheus");

    private final byte[] expected;

    /** @param token the scrape's token; empty turns the scrape off */
    MetricsScrapeFilter(String token) {
        this.expected = token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !SCRAPE.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String sent = request.getHeader("Authorization");
        if (expected != null
                && sent != null
                // Constant time, so the answer's timing says nothing about how much of a guess matched.
                && MessageDigest.isEqual(expected, sent.getBytes(StandardCharsets.UTF_8))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        String error = expected == null
                ? "The scrape is off: set sample.metrics-token."
                : "The scrape needs the header 'Authorization: Bearer <sample.metrics-token>'.";
        response.getOutputStream().write(("{\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}
