package io.github.aobackgroundjobs.samples.springboot;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts the sign-in form's posts through the {@link SignInThrottle}: a refused one is answered 429
 * with {@code Retry-After} before its password is checked; one let through is settled by the
 * form's success and failure handlers ({@link #succeeded}, {@link #failed}). It runs after the
 * CSRF filter, so a post without the form's token is not counted. The address is the
 * connection's, not a forwarded-for header, which any client could set.
 */
final class SignInThrottleFilter extends OncePerRequestFilter {

    private static final String ATTEMPT = SignInThrottleFilter.class.getName() + ".attempt";

    private final SignInThrottle throttle;

    SignInThrottleFilter(SignInThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SignInThrottle.Attempt attempt = throttle.begin(request.getRemoteAddr(), request.getParameter("username"));
        if (attempt.refusedFor().isPresent()) {
            refuse(response, attempt.refusedFor().get());
            return;
        }
        request.setAttribute(ATTEMPT, attempt);
        try {
            chain.doFilter(request, response);
        } finally {
            // Not settled by a handler (an exception, or no check made): not counted.
            attempt.abandoned();
        }
    }

    /**
     * @param next what follows a success
     * @return the handler that clears the name's count, then does what {@code next} does
     */
    static AuthenticationSuccessHandler succeeded(AuthenticationSuccessHandler next) {
        return (request, response, authentication) -> {
            if (request.getAttribute(ATTEMPT) instanceof SignInThrottle.Attempt attempt) {
                attempt.succeeded();
            }
            next.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /**
     * @param next what follows a failure
     * @return the handler that counts a wrong name or password, then does what {@code next} does
     */
    static AuthenticationFailureHandler failed(AuthenticationFailureHandler next) {
        return (request, response, exception) -> {
            if (request.getAttribute(ATTEMPT) instanceof SignInThrottle.Attempt attempt) {
                // Spring reports an unknown name as bad credentials too, so both are counted alike.
                if (exception instanceof BadCredentialsException) {
                    attempt.failed();
                } else {
                    attempt.abandoned();
                }
            }
            next.onAuthenticationFailure(request, response, exception);
        };
    }

    private static void refuse(HttpServletResponse response, Duration wait) throws IOException {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(seconds));
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream()
                .write(("Too many failed sign-ins from this address or for this user; try again in " + seconds + " s.")
                        .getBytes(StandardCharsets.UTF_8));
    }
}
