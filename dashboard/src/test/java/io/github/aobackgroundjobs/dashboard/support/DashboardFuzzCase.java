package io.github.aobackgroundjobs.dashboard.support;

import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One generated dashboard request and what the test knows about it independently of the
 * dashboard: who sends it, whether its session is genuine, and whether it is a same-origin post
 * with the sender's own cross-site token.
 *
 * @param request the request
 * @param method its method (upper case)
 * @param path its path
 * @param template the route template it was made from
 * @param action the action segment ("retry", "download", ...), or empty
 * @param targetId the job id in the path as the dashboard reads it, or null if it is not one
 * @param actor who sends it
 * @param signedIn true if it carries a genuine session
 * @param postAllowed true if it is signed in, same-origin and carries the sender's own token
 * @param isPublic true for routes that need no session (webhook, login, logout, assets)
 * @param queryMalformed true if the query string has a {@code %} not followed by two hex digits
 * @param summary a readable description for failure messages
 */
public record DashboardFuzzCase(
        DashboardRequest request,
        String method,
        String path,
        String template,
        String action,
        Long targetId,
        Actor actor,
        boolean signedIn,
        boolean postAllowed,
        boolean isPublic,
        boolean queryMalformed,
        String summary) {

    private static final java.util.regex.Pattern MALFORMED_ESCAPE =
            java.util.regex.Pattern.compile("%(?![0-9a-fA-F]{2})");

    /** The host every genuine request is sent to. */
    public static final String HOST = "dash.test";

    /** Who sends a request. */
    public enum Actor {
        ANON(null),
        ALICE("alice"),
        BOB("bob"),
        ROOT("root"),
        FORGED(null);

        /** The signed-in user's name, or null. */
        public final String userName;

        Actor(String userName) {
            this.userName = userName;
        }
    }

    /**
     * Genuine sessions.
     *
     * @param cookies the {@code name=value} session cookie of each signed-in actor
     * @param tokens the cross-site token of each signed-in actor
     */
    public record Sessions(Map<Actor, String> cookies, Map<Actor, String> tokens) {}

    /**
     * @param fuzz the random source
     * @param sessions genuine sessions
     * @param owners the owner of each existing job, by id
     * @param now the clock's time, for webhook timestamps
     * @param webhookSecret signs genuine webhooks
     * @return a request and what is known about it
     */
    public static DashboardFuzzCase generate(
            RequestFuzzer fuzz, Sessions sessions, Map<Long, String> owners, Instant now, byte[] webhookSecret) {
        List<Long> knownIds = List.copyOf(owners.keySet());
        // Mostly genuine sessions: refusals are easy to reach, permitted requests need the odds.
        Actor actor = fuzz.chance(20)
                ? fuzz.pick(List.of(Actor.ANON, Actor.FORGED))
                : fuzz.pick(List.of(Actor.ALICE, Actor.BOB, Actor.ROOT));
        String template = fuzz.pathTemplate();
        List<Long> own = owners.entrySet().stream()
                .filter(e -> e.getValue().equals(actor.userName))
                .map(Map.Entry::getKey)
                .toList();
        String idText = fuzz.chance(30) && !own.isEmpty() ? String.valueOf(fuzz.pick(own)) : fuzz.id(knownIds);
        String action =
                template.contains("{action}") ? fuzz.action() : template.endsWith("/download") ? "download" : "";
        String path =
                template.replace("{id}", idText).replace("{action}", action).replace("{asset}", fuzz.asset());
        boolean posting = template.contains("{action}")
                || template.endsWith("purge")
                || template.startsWith("/webhook")
                || template.endsWith("login")
                || template.endsWith("logout")
                || template.startsWith("/api/app/");
        String method = posting && fuzz.chance(70) ? "POST" : fuzz.method();
        DashboardRequest.Builder b = DashboardRequest.builder(method, path);
        String query = fuzz.rawQuery();
        try {
            b.rawQuery(query);
        } catch (RuntimeException e) {
            throw new AssertionError("the request builder threw on the query string " + readable(query) + ": " + e, e);
        }

        String host = fuzz.chance(92) ? HOST : fuzz.chance(50) ? null : "evil.example";
        b.header("Host", host);
        boolean signedIn = actor.userName != null;
        b.header("Cookie", cookie(fuzz, actor, sessions));
        String origin = fuzz.chance(50)
                ? null
                : fuzz.chance(60)
                        ? "http://" + HOST
                        : fuzz.chance(20)
                                ? "http://DASH.TEST"
                                : fuzz.pick(List.of(
                                        "http://evil.example",
                                        "http://EVIL.example",
                                        "null",
                                        "http://dash.test:8080",
                                        "https://dash.test.evil",
                                        "http://user@dash.test",
                                        fuzz.text(20)));
        b.header("Origin", origin);
        // Same origin: the Origin names the host the request was sent to (whatever that host is).
        boolean originOk = origin == null || (host != null && origin.equalsIgnoreCase("http://" + host));
        String fetchSite =
                fuzz.chance(70) ? null : fuzz.pick(List.of("same-origin", "same-site", "none", "cross-site"));
        b.header("Sec-Fetch-Site", fetchSite);
        String token = token(fuzz, actor, sessions);
        b.header("X-CSRF-Token", token);
        boolean postAllowed = signedIn
                && originOk
                && !"cross-site".equals(fetchSite)
                && sessions.tokens().get(actor).equals(token);
        b.header(
                "Content-Type",
                fuzz.chance(75)
                        ? "application/json"
                        : fuzz.pick(List.of(
                                "text/plain",
                                "application/json; charset=utf-8",
                                "APPLICATION/JSON",
                                "application/x-www-form-urlencoded",
                                "")));
        if (fuzz.chance(10)) {
            b.header("Last-Event-ID", fuzz.paramValue());
        }

        byte[] body;
        if (path.startsWith("/webhook")) {
            body = webhook(fuzz, b, idText, knownIds, now, webhookSecret);
        } else {
            body = template.endsWith("purge") && fuzz.chance(70)
                    ? fuzz.purgeBody().getBytes(StandardCharsets.UTF_8)
                    : method.equals("POST") || fuzz.chance(20) ? fuzz.body() : new byte[0];
        }
        b.body(body);
        DashboardRequest request = b.build();

        Long targetId = parseId(idText);
        String m = request.method();
        String p = request.path();
        boolean isPublic = p.equals("/webhook")
                || p.startsWith("/webhook/")
                || (m.equals("GET") && (p.equals("/login") || p.startsWith("/assets/")))
                // Any method: a method other than POST is answered 405 before sign-in.
                || p.equals("/api/login")
                || p.equals("/api/logout");
        String summary = method + " " + readable(path) + (query == null ? "" : "?" + readable(query)) + " as " + actor
                + (postAllowed ? " (same-origin, token)" : "") + " host=" + host + " origin=" + readable(origin)
                + " fetch-site=" + fetchSite + " body=" + readable(new String(body, StandardCharsets.UTF_8));
        return new DashboardFuzzCase(
                request,
                request.method(),
                request.path(),
                template,
                action,
                targetId,
                actor,
                signedIn,
                postAllowed,
                isPublic,
                query != null && MALFORMED_ESCAPE.matcher(query).find(),
                summary);
    }

    @Override
    public String toString() {
        return summary;
    }

    private static String cookie(RequestFuzzer fuzz, Actor actor, Sessions sessions) {
        String alice = sessions.cookies().get(Actor.ALICE);
        return switch (actor) {
            case ALICE, BOB, ROOT ->
                (fuzz.chance(10) ? "theme=dark; " : "") + sessions.cookies().get(actor);
            case ANON -> fuzz.chance(70) ? null : "other=" + fuzz.text(20);
            case FORGED ->
                switch (fuzz.nextInt(7)) {
                    // Another user's name under alice's signature.
                    case 0 -> "bgjobs_session=" + b64("root|9999999999") + alice.substring(alice.indexOf('.'));
                    case 1 -> alice.substring(0, alice.indexOf('.'));
                    case 2 -> alice.substring(0, alice.length() - 1) + (alice.endsWith("0") ? "1" : "0");
                    case 3 -> "bgjobs_session=" + b64("root|9999999999") + "." + fuzz.hex64();
                    case 4 -> "bgjobs_session=";
                    case 5 -> "bgjobs_session=" + fuzz.text(40);
                    default -> "bgjobs_session=" + b64(fuzz.text(10) + "|") + "." + fuzz.hex64();
                };
        };
    }

    private static String token(RequestFuzzer fuzz, Actor actor, Sessions sessions) {
        int r = fuzz.nextInt(100);
        if (actor.userName != null && r < 75) {
            return sessions.tokens().get(actor);
        }
        if (r < 80) {
            return sessions.tokens().get(fuzz.pick(List.of(Actor.ALICE, Actor.BOB, Actor.ROOT)));
        }
        if (r < 88) {
            return fuzz.hex64();
        }
        return r < 94 ? fuzz.text(70) : null;
    }

    private static byte[] webhook(
            RequestFuzzer fuzz,
            DashboardRequest.Builder b,
            String idText,
            List<Long> knownIds,
            Instant now,
            byte[] secret) {
        byte[] body;
        if (fuzz.chance(60)) {
            String id = fuzz.chance(50) && !knownIds.isEmpty() ? String.valueOf(fuzz.pick(knownIds)) : idText;
            String status = fuzz.chance(80) ? "\"SUCCEEDED\"" : fuzz.chance(50) ? "null" : "\"" + fuzz.text(8) + "\"";
            String at = fuzz.chance(80) ? now.toString() : fuzz.text(10);
            String json = fuzz.chance(10)
                    ? "{\"status\":" + status + "}"
                    : "{\"id\":" + RequestFuzzer.json(id) + ",\"status\":" + status
                            + ",\"requestType\":\"Ping\",\"queueName\":\"steps\",\"at\":" + RequestFuzzer.json(at)
                            + "}";
            body = json.getBytes(StandardCharsets.UTF_8);
        } else {
            body = fuzz.chance(5) ? new byte[WebhookPayload.MAX_BODY_LENGTH + 1] : fuzz.body();
        }
        long ts = switch (fuzz.nextInt(10)) {
            case 0 -> now.getEpochSecond() - 3600;
            case 1 -> Long.MAX_VALUE;
            default -> now.getEpochSecond();
        };
        String timestamp = fuzz.chance(8)
                ? fuzz.pick(List.of("", "abc", "99999999999999999999", "-1", "1e9"))
                : fuzz.chance(4) ? null : String.valueOf(ts);
        b.header(WebhookSignatures.TIMESTAMP_HEADER, timestamp);
        String signature = switch (fuzz.nextInt(20)) {
            case 0, 1, 2 -> WebhookSignatures.sign(secret, ts, "{}".getBytes(StandardCharsets.UTF_8));
            case 3, 4, 5 -> "v1=" + fuzz.hex64();
            case 6 -> fuzz.text(80);
            case 7 -> null;
            case 8 -> "v1=" + fuzz.hex64() + ",v1=" + fuzz.hex64();
            default -> WebhookSignatures.sign(secret, ts, body);
        };
        b.header(WebhookSignatures.SIGNATURE_HEADER, signature);
        return body;
    }

    /** The id the dashboard reads from the path, as {@code JobKeyType.LONG} documents it: a trimmed decimal long. */
    private static Long parseId(String text) {
        try {
            return Long.valueOf(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String readable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder();
        for (char c : (s.length() > 160 ? s.substring(0, 160) + "...(" + s.length() + " chars)" : s).toCharArray()) {
            b.append(
                    c < 0x20 || c == 0x7f || Character.isSurrogate(c)
                            ? String.format("\\u%04x", (int) c)
                            : String.valueOf(c));
        }
        return b.toString();
    }
}
