package io.github.aobackgroundjobs.dashboard.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.DashboardUser;
import io.github.aobackgroundjobs.dashboard.PasswordAuthenticator;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a request: static files and pages, sign-in, the owner's API, the admin API, the
 * webhook receiver and the host's extra routes. Checks sign-in, roles and cross-site requests,
 * and adds the security headers to every response.
 *
 * @param <K> the key type
 */
public final class DashboardHandler<K> {

    /** Header carrying the cross-site-request token on state-changing requests. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    private static final Logger LOG = LoggerFactory.getLogger(DashboardHandler.class);
    /** The dashboard's paths without an id in them, and the one method each takes. */
    private static final Map<String, String> FIXED_PATHS = Map.ofEntries(
            Map.entry("/", "GET"),
            Map.entry("/admin", "GET"),
            Map.entry("/login", "GET"),
            Map.entry("/favicon.ico", "GET"),
            Map.entry("/api/login", "POST"),
            Map.entry("/api/logout", "POST"),
            Map.entry("/api/me", "GET"),
            Map.entry("/api/jobs", "GET"),
            Map.entry("/api/events", "GET"),
            Map.entry("/api/admin/jobs", "GET"),
            Map.entry("/api/admin/stats", "GET"),
            Map.entry("/api/admin/events", "GET"),
            Map.entry("/api/admin/purge", "POST"),
            Map.entry("/api/admin/recurring", "GET"));

    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final DashboardContext<K> ctx;
    private final StaticResources resources = new StaticResources();
    private final Hmac csrf;
    private final UserApi<K> userApi;
    private final AdminApi<K> adminApi;
    private final WebhookReceiver<K> webhook;

    /** @param ctx the shared settings */
    public DashboardHandler(DashboardContext<K> ctx) {
        this.ctx = ctx;
        this.csrf = new Hmac(ctx.secret());
        this.userApi = new UserApi<>(ctx);
        this.adminApi = new AdminApi<>(ctx);
        this.webhook = new WebhookReceiver<>(ctx);
    }

    /**
     * @param request the request
     * @return the response, with security headers
     */
    public DashboardResponse handle(DashboardRequest request) {
        DashboardResponse response;
        try {
            response = route(request);
        } catch (io.github.aobackgroundjobs.dashboard.JobActionRefusedException e) {
            response = Json.error(ctx.mapper(), e.getStatus(), e.getMessage());
        } catch (IllegalArgumentException e) {
            response = Json.error(ctx.mapper(), 400, e.getMessage());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            response = jsonFailure(request, e);
        } catch (io.github.aobackgroundjobs.JobQueueingException
                | io.github.aobackgroundjobs.JobQueueUnavailableException e) {
            LOG.warn("Queue unavailable while answering {} {}", request.method(), request.path(), e);
            response = Json.error(ctx.mapper(), 503, "The job queue is unavailable; try again shortly.");
        } catch (JobStoreUnavailableException e) {
            LOG.warn("Job store unavailable while answering {} {}", request.method(), request.path(), e);
            response = Json.error(ctx.mapper(), 503, "The job store is unavailable; try again shortly.");
        } catch (Exception e) {
            LOG.error("Dashboard request {} {} failed", request.method(), request.path(), e);
            response = Json.error(ctx.mapper(), 500, "Internal error.");
        } catch (Error e) {
            // An application's route, JobActions or authenticator failing with an AssertionError or
            // a missing class: answered 500 like an exception, where DashboardHttpServer would
            // otherwise close the connection without an answer. Out of memory goes to the host.
            if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                throw fatal;
            }
            LOG.error("Dashboard request {} {} failed", request.method(), request.path(), e);
            response = Json.error(ctx.mapper(), 500, "Internal error.");
        }
        return secure(response, request.path().startsWith("/api/"));
    }

    /**
     * Only a host route can let Jackson's exceptions out (the dashboard's own reading goes through
     * {@link DashboardRequest#jsonBody()}): reading ones mean it parsed a bad body itself.
     */
    private DashboardResponse jsonFailure(
            DashboardRequest request, com.fasterxml.jackson.core.JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.core.exc.StreamWriteException
                || e instanceof com.fasterxml.jackson.databind.exc.InvalidDefinitionException) {
            LOG.error("Dashboard request {} {} failed", request.method(), request.path(), e);
            return Json.error(ctx.mapper(), 500, "Internal error.");
        }
        return Json.error(ctx.mapper(), 400, "The body is not valid JSON, or not what this route expects.");
    }

    private DashboardResponse route(DashboardRequest request) throws Exception {
        String method = request.method();
        String path = request.path();
        if (request.queryError().isPresent()) {
            return Json.error(ctx.mapper(), 400, request.queryError().get());
        }
        if (path.equals("/favicon.ico") && method.equals("GET")) {
            // Browsers ask for it on every page; the pages also name assets/icon.svg.
            return asset("icon.svg");
        }
        if (path.startsWith("/assets/") && method.equals("GET")) {
            return asset(path.substring("/assets/".length()));
        }
        if (path.equals("/webhook") || path.startsWith("/webhook/")) {
            // Without a receiver the path is not served, whatever the method.
            return method.equals("POST") || ctx.webhookVerifier() == null
                    ? webhook.receive(request)
                    : methodNotAllowed(ctx, "POST");
        }
        if (path.equals("/login") && method.equals("GET")) {
            return ctx.authenticator() instanceof PasswordAuthenticator
                    ? asset("login.html")
                    : Json.error(ctx.mapper(), 404, "Not found.");
        }
        if (path.equals("/api/login") && method.equals("POST")) {
            return login(request);
        }
        if (path.equals("/api/logout") && method.equals("POST")) {
            return logout(request);
        }
        if ((path.equals("/api/login") || path.equals("/api/logout"))
                && ctx.authenticator() instanceof PasswordAuthenticator) {
            // Answered before sign-in: "Sign in first" would send a client asking the sign-in
            // path with the wrong method the wrong way.
            return methodNotAllowed(ctx, "POST");
        }
        Optional<DashboardUser> user = ctx.authenticator().authenticate(request);
        boolean api = path.startsWith("/api/");
        if (user.isEmpty()) {
            if (!api && method.equals("GET") && ctx.authenticator() instanceof PasswordAuthenticator) {
                return DashboardResponse.redirect(loginRedirect(path));
            }
            return Json.error(ctx.mapper(), 401, "Sign in first.");
        }
        DashboardUser u = user.get();
        if (method.equals("POST")) {
            Optional<String> refused = crossSiteRefusal(request, u);
            if (refused.isPresent()) {
                return Json.error(ctx.mapper(), 403, refused.get());
            }
        }
        if (isEventStream(path) && fetchedByAnotherOrigin(request)) {
            // A page of another origin cannot read the stream, but each one it opened would hold
            // one of the user's stream slots: enough of them and the user's own pages get 429.
            return Json.error(ctx.mapper(), 403, "Cross-site request refused.");
        }
        for (DashboardContext.ExtraRoute r : ctx.routes()) {
            if (r.method().equals(method) && r.path().equals(path)) {
                return r.route().handle(request, u);
            }
        }
        String allowed = FIXED_PATHS.get(path);
        java.util.Set<String> hostMethods = new java.util.TreeSet<>();
        for (DashboardContext.ExtraRoute r : ctx.routes()) {
            if (r.path().equals(path)) {
                hostMethods.add(r.method());
            }
        }
        if (!hostMethods.isEmpty() && (allowed == null || !allowed.equals(method))) {
            // A host's path asked with a method none of its routes (nor the dashboard) takes.
            if (allowed != null) {
                hostMethods.add(allowed);
            }
            return methodNotAllowed(ctx, String.join(", ", hostMethods));
        }
        if (allowed != null && !allowed.equals(method)) {
            return methodNotAllowed(ctx, allowed);
        }
        boolean admin = u.hasRole(ctx.adminRole());
        if (path.equals("/") && method.equals("GET")) {
            return asset("index.html");
        }
        if (path.equals("/admin") && method.equals("GET")) {
            return admin ? asset("admin.html") : Json.error(ctx.mapper(), 403, "The admin view needs the admin role.");
        }
        if (path.equals("/api/me") && method.equals("GET")) {
            return Json.ok(
                    ctx.mapper(),
                    Map.of(
                            "user",
                            u.name(),
                            "admin",
                            admin,
                            "csrfToken",
                            csrfToken(u),
                            "adminAvailable",
                            ctx.queryRepository() != null,
                            "recurringAvailable",
                            admin && ctx.recurring() != null,
                            // Only the built-in sign-in ends a session here; under a host's own
                            // sign-in the pages offer no Sign out that would not sign out.
                            "signOutAvailable",
                            ctx.authenticator() instanceof PasswordAuthenticator));
        }
        if (path.startsWith("/api/admin/")) {
            if (!admin) {
                return Json.error(ctx.mapper(), 403, "The admin API needs the admin role.");
            }
            return adminApi.handle(request, u, path.substring("/api/admin".length()));
        }
        if (path.startsWith("/api/")) {
            return userApi.handle(request, u, path.substring("/api".length()));
        }
        return Json.error(ctx.mapper(), 404, "Not found.");
    }

    /**
     * A path the dashboard knows, asked with a method it does not take.
     *
     * @param ctx the dashboard
     * @param allowed the method the path takes
     * @return 405 with an {@code Allow} header
     */
    static DashboardResponse methodNotAllowed(DashboardContext<?> ctx, String allowed) {
        return Json.error(ctx.mapper(), 405, "Method not allowed; this path takes " + allowed + ".")
                .withHeader("Allow", allowed);
    }

    private DashboardResponse asset(String name) {
        return resources
                .get(name)
                .map(r -> DashboardResponse.of(200, r.contentType(), r.bytes()).withHeader("Cache-Control", "no-cache"))
                .orElseGet(() -> Json.error(ctx.mapper(), 404, "Not found."));
    }

    private String loginRedirect(String path) {
        // Relative, so it works under any mount point: "/" and "/admin" -> "login"; one "../" per
        // further segment, so "/admin/" -> "../login" rather than "/admin/login", which would
        // itself redirect for ever.
        String rest = path.substring(1);
        String up = "../".repeat((int) rest.chars().filter(c -> c == '/').count());
        return up + "login?next=" + java.net.URLEncoder.encode(rest, java.nio.charset.StandardCharsets.UTF_8);
    }

    private DashboardResponse login(DashboardRequest request) {
        if (!(ctx.authenticator() instanceof PasswordAuthenticator auth)) {
            return Json.error(ctx.mapper(), 404, "Not found.");
        }
        if (!sameOrigin(request) || !isJson(request)) {
            return Json.error(ctx.mapper(), 403, "Cross-site sign-in refused.");
        }
        JsonNode body = Json.readBody(ctx.mapper(), request);
        String user = textField(body, "user");
        String password = textField(body, "password");
        PasswordAuthenticator.LoginResult result =
                auth.login(user, password.toCharArray(), request.remoteAddress().orElse(null));
        if (result.throttled()) {
            long seconds = Math.max(1, (result.retryAfter().toMillis() + 999) / 1000);
            return Json.error(
                            ctx.mapper(),
                            429,
                            "Too many failed sign-ins from this address or for this user, or too many at once; try"
                                    + " again in " + seconds + " s.")
                    .withHeader("Retry-After", String.valueOf(seconds));
        }
        if (!result.succeeded()) {
            return Json.error(ctx.mapper(), 401, "Wrong user name or password.");
        }
        return Json.ok(ctx.mapper(), Map.of("user", user)).withHeader("Set-Cookie", result.setCookie());
    }

    /** Jackson would read a number or a boolean as its text: a sign-in names both as JSON text. */
    private static String textField(JsonNode body, String name) {
        JsonNode value = body == null ? null : body.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'user' and 'password' are required.");
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' must be a JSON string, not "
                    + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return value.textValue();
    }

    private DashboardResponse logout(DashboardRequest request) {
        if (!(ctx.authenticator() instanceof PasswordAuthenticator auth)) {
            return Json.error(ctx.mapper(), 404, "Not found.");
        }
        if (!sameOrigin(request)) {
            return Json.error(ctx.mapper(), 403, "Cross-site request refused.");
        }
        return Json.ok(ctx.mapper(), Map.of()).withHeader("Set-Cookie", auth.logout(request));
    }

    private Optional<String> crossSiteRefusal(DashboardRequest request, DashboardUser user) {
        if (!sameOrigin(request)) {
            return Optional.of("Cross-site request refused.");
        }
        String token = request.header(CSRF_HEADER).orElse(null);
        if (!csrf.verify(csrfSubject(user), token)) {
            return Optional.of("Missing or wrong " + CSRF_HEADER + " header.");
        }
        return Optional.empty();
    }

    private String csrfToken(DashboardUser user) {
        return csrf.sign(csrfSubject(user));
    }

    /** Bound to the session when the authenticator names one, so each session has its own token. */
    private static String csrfSubject(DashboardUser user) {
        return user.sessionId() == null
                ? "csrf:" + user.name()
                : "csrf-session:" + user.sessionId() + "|" + user.name();
    }

    private static boolean isJson(DashboardRequest request) {
        return request.header("Content-Type")
                .map(t -> t.toLowerCase(java.util.Locale.ROOT).startsWith("application/json"))
                .orElse(false);
    }

    private static boolean isEventStream(String path) {
        return path.equals("/api/events") || path.equals("/api/admin/events");
    }

    /**
     * Whether the browser says another origin's page made the request. A page's own stream
     * ({@code EventSource}) is {@code same-origin}, an address typed in {@code none}; a page on
     * another port of the same host is {@code same-site}, and gets the {@code SameSite=Strict}
     * cookie all the same. A GET carries no {@code Origin} to compare instead.
     */
    private static boolean fetchedByAnotherOrigin(DashboardRequest request) {
        return request.header("Sec-Fetch-Site")
                .map(site -> site.equals("cross-site") || site.equals("same-site"))
                .orElse(false);
    }

    /** A browser's Origin (if sent) must name the host the request went to. */
    private static boolean sameOrigin(DashboardRequest request) {
        if (request.header("Sec-Fetch-Site").map("cross-site"::equals).orElse(false)) {
            return false;
        }
        Optional<String> origin = request.header("Origin");
        if (origin.isEmpty()) {
            return true;
        }
        Optional<String> host = request.header("Host");
        if (host.isEmpty()) {
            return false;
        }
        try {
            URI uri = URI.create(origin.get());
            String authority = uri.getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.get());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Adds the headers every dashboard answer carries (content security policy, no sniffing, no
     * framing, no referrer, opener isolation; {@code no-store} on API answers that set no cache
     * policy). The host adapters apply it to the answers they make themselves.
     *
     * @param r the answer
     * @param api whether it answers an API path
     * @return the answer with the headers
     */
    public static DashboardResponse secure(DashboardResponse r, boolean api) {
        DashboardResponse s = r.withHeader("Content-Security-Policy", CSP)
                .withHeader("X-Content-Type-Options", "nosniff")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Referrer-Policy", "no-referrer")
                .withHeader("Cross-Origin-Opener-Policy", "same-origin");
        if (api && r.headers().keySet().stream().noneMatch("Cache-Control"::equalsIgnoreCase)) {
            s = s.withHeader("Cache-Control", "no-store");
        }
        return s;
    }
}
