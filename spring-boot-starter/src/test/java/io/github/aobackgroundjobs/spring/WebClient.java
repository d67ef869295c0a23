package io.github.aobackgroundjobs.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Plain HTTP against the test application, signed in with HTTP Basic (or not at all). */
final class WebClient {

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    WebClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        return send(request(path, user, password).GET().build());
    }

    HttpResponse<String> post(String path, String user, String password, String csrfToken, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path, user, password)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrfToken != null) {
            request.header("X-CSRF-Token", csrfToken);
        }
        return send(request.build());
    }

    private HttpRequest.Builder request(String path, String user, String password) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (user != null) {
            String credentials = user + ":" + password;
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The value of a string field of a flat JSON object (the dashboard's {@code api/me}). */
    static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int start = json.indexOf(key);
        if (start < 0) {
            throw new AssertionError("No field '" + name + "' in " + json);
        }
        start += key.length();
        return json.substring(start, json.indexOf('"', start));
    }
}
