package io.github.aobackgroundjobs.dashboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A browser-like HTTP session against a dashboard: cookies, the CSRF token, a same-origin Origin header. */
public final class HttpSession {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final URI base;
    private final HttpClient http;
    private String csrfToken;
    private String cookie;

    public HttpSession(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static HttpSession signedIn(URI base, String user) throws Exception {
        return signedIn(base, user, DashboardFixture.PASSWORD);
    }

    public static HttpSession signedIn(URI base, String user, String password) throws Exception {
        HttpSession s = new HttpSession(base);
        HttpResponse<String> r =
                s.postRaw("api/login", "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}", null);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("Login of " + user + " failed: " + r.statusCode() + " " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        s.cookie = setCookie.substring(0, setCookie.indexOf(';'));
        s.csrfToken = json(s.get("api/me")).path("csrfToken").asText();
        return s;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path) throws IOException, InterruptedException {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A POST as the dashboard's own pages send it. */
    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return postRaw(path, json, csrfToken);
    }

    /** A POST with a chosen token (null for none) and the same-origin Origin header. */
    public HttpResponse<String> postRaw(String path, String json, String token)
            throws IOException, InterruptedException {
        return postWith(path, json, token, "http://" + base.getRawAuthority());
    }

    public HttpResponse<String> postWith(String path, String json, String token, String origin)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json));
        if (token != null) {
            b.header("X-CSRF-Token", token);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request builder carrying the session cookie. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return b;
    }

    public HttpClient client() {
        return http;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return MAPPER.readTree(response.body());
    }
}
