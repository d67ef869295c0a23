package io.github.aobackgroundjobs.dashboard.support;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded generators of hostile dashboard request parts: paths (every route, near misses and
 * garbage), query values, job ids, methods, headers and bodies. The seed comes from
 * {@code -Dfuzz.seed} when given, so a failure reproduces with the seed it prints.
 */
public final class RequestFuzzer {

    /** Every route the dashboard answers, with {id} and {action} to fill in. */
    public static final List<String> ROUTES = List.of(
            "/",
            "/admin",
            "/login",
            "/assets/{asset}",
            "/api/me",
            "/api/login",
            "/api/logout",
            "/api/jobs",
            "/api/events",
            "/api/jobs/{id}",
            "/api/jobs/{id}/{action}",
            "/api/jobs/{id}/download",
            "/api/admin/jobs",
            "/api/admin/stats",
            "/api/admin/purge",
            "/api/admin/events",
            "/api/admin/jobs/{id}",
            "/api/admin/jobs/{id}/{action}",
            "/webhook",
            "/webhook/{id}",
            "/api/app/ping",
            "/api/app/raw");

    private static final List<String> NEAR_MISSES = List.of(
            "/api",
            "/api/",
            "/api//jobs",
            "/API/JOBS",
            "/api/jobs/",
            "/api/jobs//retry",
            "/api/jobs/1/retry/extra",
            "/api/jobs/../admin/jobs",
            "/api/admin",
            "/api/admin/",
            "/api/admin/jobs/",
            "/api/admin/../jobs",
            "/admin/",
            "/assets/",
            "/assets/../pom.xml",
            "/assets/%2e%2e/x.js",
            "/assets/..%2fpom.xml",
            "/webhook/",
            "/webhook//1",
            "/index.html",
            "/api/jobs%2f1",
            "/%00",
            "/api/me/",
            "/api/jobs/1/%72etry",
            "/api/admin/stats/",
            "/api/admin/purge/",
            "/./api/jobs",
            "",
            "//api/jobs");
    private static final List<String> ASSETS = List.of(
            "bell.js",
            "admin.js",
            "admin.html",
            "dashboard.css",
            "index.html",
            "login.html",
            "nope.js",
            "BELL.JS",
            "bell.js.map",
            "..",
            ".",
            "a".repeat(70) + ".js",
            "common.js%00",
            "bell.exe",
            "");
    private static final List<String> ACTIONS = List.of(
            "retry",
            "cancel",
            "clear",
            "retry",
            "cancel",
            "clear",
            "download",
            "",
            "RETRY",
            "retry ",
            "purge",
            "delete");
    private static final List<String> METHODS = List.of(
            "GET", "GET", "GET", "POST", "POST", "POST", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS", "post",
            "get", "TRACE", "CONNECT", "FOO", "");
    private static final List<String> STATUSES = List.of(
            "PENDING",
            "RUNNING",
            "SUCCEEDED",
            "FAILED",
            "ABORTED",
            "CANCELLED",
            "succeeded",
            " failed ",
            "Cancelled",
            "DONE",
            "0",
            "");
    private static final List<String> NASTY = List.of(
            "\u0000",
            "'",
            "\"",
            "%",
            "_",
            "\\",
            "'; DROP TABLE background_jobs; --",
            "' OR '1'='1",
            "\u202e",
            "\ud800",
            "\ud83d\ude00",
            "é",
            "中",
            "\r\n",
            "<script>",
            "%00",
            "${jndi:x}",
            "NaN",
            "-0",
            "null",
            "[]",
            "{}");
    private static final String ALPHABET =
            "abcXYZ019-_.~/%?#&=+; '\"\\<>{}[]:,\u0000\u0001\u007f\u00e9\u4e2d\ud800\udc00";

    private final long seed;
    private final Random random;

    private RequestFuzzer(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /**
     * @param defaultSeed the seed when {@code -Dfuzz.seed} is not set
     * @return a generator
     */
    public static RequestFuzzer seeded(long defaultSeed) {
        return new RequestFuzzer(Long.getLong("fuzz.seed", defaultSeed));
    }

    /** @return the seed, for failure messages */
    public long seed() {
        return seed;
    }

    /** @return true with probability {@code percent}/100 */
    public boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    /** @return an int in [0, bound) */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /**
     * @param list some choices
     * @param <T> their type
     * @return one of them
     */
    public <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    /** @return an HTTP method, mostly GET and POST */
    public String method() {
        return pick(METHODS);
    }

    /** @return a route template, a near miss or garbage */
    public String pathTemplate() {
        int r = random.nextInt(20);
        if (r < 5) {
            // The routes that change something, more often: most of their inputs are refused.
            return pick(List.of("/api/jobs/{id}/{action}", "/api/admin/jobs/{id}/{action}", "/api/admin/purge"));
        }
        if (r < 15) {
            return pick(ROUTES);
        }
        if (r < 18) {
            return pick(NEAR_MISSES);
        }
        if (r == 18) {
            return "/" + text(40);
        }
        return "/api/" + "x/".repeat(random.nextInt(4000)) + text(10);
    }

    /** @return an asset name, valid or not */
    public String asset() {
        return chance(80) ? pick(ASSETS) : text(30);
    }

    /** @return an action, valid or not */
    public String action() {
        return chance(85) ? pick(ACTIONS) : text(12);
    }

    /**
     * @param known ids of existing jobs
     * @return an id as text: existing, missing, out of range or not a number at all
     */
    public String id(List<Long> known) {
        return switch (random.nextInt(20)) {
            case 0 -> "-" + (1 + random.nextInt(5));
            case 1 -> "0";
            case 2 -> String.valueOf(Long.MAX_VALUE);
            case 3 -> "9223372036854775808";
            case 4 -> "99999999999999999999999999";
            case 5 -> " " + (known.isEmpty() ? 1 : pick(known)) + " ";
            case 6 -> "+" + (known.isEmpty() ? 1 : pick(known));
            case 7 -> pick(List.of("1e3", "0x10", "1.0", "", "abc", "null", "\u0661", "%31", "1%00", "1;2", "00001"));
            case 8 -> text(20);
            case 9 -> "0".repeat(random.nextInt(30)) + (known.isEmpty() ? 1 : pick(known));
            case 10 -> String.valueOf(1_000_000 + random.nextInt(1000));
            default -> known.isEmpty() ? "1" : String.valueOf(pick(known));
        };
    }

    /** @return a value for a list, filter, paging or statistics parameter */
    public String paramValue() {
        return switch (random.nextInt(14)) {
            case 0 -> pick(STATUSES);
            case 1 -> pick(List.of("alice", "bob", "root", "carol", "Alice", " alice", "mallory"));
            case 2 -> pick(List.of("Ping", "ping", "Zip", "Pi%", "P_ng"));
            case 3 ->
                pick(List.of(
                        "-1",
                        "0",
                        "1",
                        "3",
                        "4",
                        "24",
                        "720",
                        "721",
                        "200",
                        "201",
                        "1000000",
                        "1000001",
                        "2147483647",
                        "2147483648",
                        "-2147483648",
                        "99999999999",
                        " 5 ",
                        "5.0",
                        "1e3",
                        "0x10",
                        "\u0661"));
            case 4 ->
                pick(List.of(
                        "2026-11-29",
                        "2026-13-01",
                        "2026-02-30",
                        "0000-01-01",
                        "+999999999-12-31",
                        "-999999999-01-01",
                        "9999-12-31",
                        "1970-01-01",
                        "2026-11-29T00:00:00Z",
                        "29/11/2026"));
            case 5 ->
                pick(List.of(
                        "UTC",
                        "Europe/Paris",
                        "Pacific/Kiritimati",
                        "Etc/GMT+12",
                        "+14:00",
                        "+25:00",
                        "GMT+14",
                        "../etc/passwd",
                        "Z",
                        "SystemV/AST4",
                        "America/St_Johns"));
            case 6 ->
                pick(List.of(
                        "2026-11-29T12:00:00Z",
                        "2026-11-29T12:00:00.123456789Z",
                        "-1000000000-01-01T00:00:00Z",
                        "+1000000000-12-31T23:59:59Z",
                        "1732838400",
                        "yesterday"));
            case 7 -> pick(NASTY);
            case 8 -> "x".repeat(45 + random.nextInt(20));
            case 9 -> "y".repeat(random.nextInt(5000));
            default -> text(30);
        };
    }

    /** @return a query parameter name, mostly one the dashboard reads */
    public String paramName() {
        return chance(85)
                ? pick(List.of(
                        "user", "type", "status", "from", "through", "tz", "page", "size", "hours", "since", "status"))
                : text(8);
    }

    /** @return an encoded query string, sometimes with malformed escapes */
    public String rawQuery() {
        if (chance(10)) {
            return null;
        }
        if (chance(8)) {
            return pick(List.of(
                    "%",
                    "%zz",
                    "a=%",
                    "a=%e9",
                    "page=%2",
                    "&&==&",
                    "=",
                    "status=%FF%FE",
                    "%00=%00",
                    "user=%ud800",
                    "a=b=c",
                    "?"));
        }
        StringBuilder q = new StringBuilder();
        for (int i = random.nextInt(6); i >= 0; i--) {
            if (q.length() > 0) {
                q.append('&');
            }
            q.append(URLEncoder.encode(paramName(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(paramValue(), StandardCharsets.UTF_8));
        }
        return q.toString();
    }

    /** @return a body for an action, purge, login or anything */
    public byte[] body() {
        return switch (random.nextInt(10)) {
            case 0 -> new byte[0];
            case 1 -> "{}".getBytes(StandardCharsets.UTF_8);
            case 2 -> randomBytes(200);
            case 3 -> purgeBody().getBytes(StandardCharsets.UTF_8);
            case 4 -> loginBody().getBytes(StandardCharsets.UTF_8);
            case 5 ->
                (chance(50) ? "[".repeat(2000 + random.nextInt(3000)) : "{\"kind\":".repeat(20_000))
                        .getBytes(StandardCharsets.UTF_8);
            case 6 ->
                chance(20)
                        ? new byte[] {'{', '"', 'k', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}
                        : pick(List.of(
                                        "null",
                                        "[]",
                                        "\"x\"",
                                        "1",
                                        "{",
                                        "{\"a\":}",
                                        "\ufeff{}",
                                        "{\"olderThanDays\":1e400}",
                                        "{\"kind\":",
                                        "{kind:report}",
                                        "{\"kind\":\"ping\"}",
                                        "{\"kind\":\"ping\"} {}"))
                                .getBytes(StandardCharsets.UTF_8);
            default -> text(100).getBytes(StandardCharsets.UTF_8);
        };
    }

    /** @return a purge body: valid, out of range or malformed */
    public String purgeBody() {
        String days = chance(50)
                ? "0"
                : pick(List.of(
                        "1", "30", "-1", "3650", "3651", "2147483648", "1.5", "\"5\"", "null", "[]", "9e99", "true"));
        String statuses = switch (random.nextInt(6)) {
            case 0 -> "[\"SUCCEEDED\"]";
            case 1 -> "[\"SUCCEEDED\",\"FAILED\",\"CANCELLED\",\"ABORTED\"]";
            case 2 -> "[\"RUNNING\"]";
            case 3 -> "\"SUCCEEDED\"";
            case 4 -> "[" + json(pick(STATUSES)) + "," + json(text(10)) + "]";
            default -> pick(List.of("[]", "null", "[null]", "[{}]", "{}", "[1]"));
        };
        return chance(10)
                ? "{\"statuses\":" + statuses + "}"
                : "{\"olderThanDays\":" + days + ",\"statuses\":" + statuses + "}";
    }

    private String loginBody() {
        return "{\"user\":" + json(pick(List.of("alice", "root", "mallory", text(10)))) + ",\"password\":"
                + (chance(10) ? "null" : json(text(20))) + "}";
    }

    /**
     * @param maxLength the longest text
     * @return random text from an alphabet of URL, JSON and SQL metacharacters, controls and surrogates
     */
    public String text(int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    /**
     * @param max the most bytes
     * @return random bytes, often not UTF-8
     */
    public byte[] randomBytes(int max) {
        byte[] b = new byte[random.nextInt(max + 1)];
        random.nextBytes(b);
        return b;
    }

    /** @return a random hex string of 64 characters */
    public String hex64() {
        StringBuilder s = new StringBuilder(64);
        for (int i = 0; i < 64; i++) {
            s.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        return s.toString();
    }

    /**
     * @param s any text
     * @return it as a JSON string literal
     */
    public static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
