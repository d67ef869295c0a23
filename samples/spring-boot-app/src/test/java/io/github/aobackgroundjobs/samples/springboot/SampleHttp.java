package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The sample as the HTTP tests start it, and a sign-in through its form as a browser makes it. */
final class SampleHttp {

    private static final Pattern CSRF_INPUT = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private SampleHttp() {}

    /**
     * Starts the sample on a free loopback port, on an H2 database of its own in memory, with no
     * worker: the reports stay PENDING, as behind a slow worker.
     *
     * @param database the in-memory database's name, one per test class
     * @return the application
     */
    static ConfigurableApplicationContext start(String database) {
        return start(database, false);
    }

    /**
     * Starts the sample on a free loopback port, on an H2 database of its own in memory.
     *
     * @param database the in-memory database's name, one per test class
     * @param worker whether it runs its worker (and so stores its recurring declaration)
     * @return the application
     */
    static ConfigurableApplicationContext start(String database, boolean worker) {
        return new SpringApplicationBuilder(SampleApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
                        "--backgroundjobs.worker.enabled=" + worker);
    }

    /**
     * @param application a started sample
     * @return its base URL, without the trailing slash
     */
    static String base(ConfigurableApplicationContext application) {
        return "http://127.0.0.1:"
                + ((WebServerApplicationContext) application).getWebServer().getPort();
    }

    /**
     * @return a client with a cookie jar of its own, as a browser has, that follows no redirects
     */
    static HttpClient newClient() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Signs in through Spring Security's form (its CSRF field, then the post) and checks that the
     * sample let the user in.
     *
     * @param base the sample's base URL
     * @param user the user
     * @param password the password
     * @return a client holding the signed-in session's cookie; it follows no redirects
     * @throws IOException if a request fails
     * @throws InterruptedException if interrupted
     */
    static HttpClient signIn(String base, String user, String password) throws IOException, InterruptedException {
        HttpClient http = newClient();
        HttpResponse<String> login = submitSignIn(http, base, user, password);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
        return http;
    }

    /**
     * Fetches the sign-in form with {@code http} (which keeps the CSRF cookie if it has a cookie
     * jar) and posts it with the form's token, whatever the answer.
     *
     * @param http the client, signed in or not
     * @param base the sample's base URL
     * @param user the user
     * @param password the password
     * @return the sample's answer to the post
     * @throws IOException if a request fails
     * @throws InterruptedException if interrupted
     */
    static HttpResponse<String> submitSignIn(HttpClient http, String base, String user, String password)
            throws IOException, InterruptedException {
        return postSignIn(http, base, user, password, signInToken(http, base));
    }

    /**
     * @param http the client; with a cookie jar it keeps the cookie the token belongs to
     * @param base the sample's base URL
     * @return the CSRF token of the sign-in form
     * @throws IOException if the request fails
     * @throws InterruptedException if interrupted
     */
    static String signInToken(HttpClient http, String base) throws IOException, InterruptedException {
        String form = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher token = CSRF_INPUT.matcher(form);
        assertThat(token.find()).as("the login form's CSRF field").isTrue();
        return token.group(1);
    }

    /**
     * Posts the sign-in form as given, whatever the answer: the CSRF cookie is whatever {@code
     * http} holds.
     *
     * @param http the client
     * @param base the sample's base URL
     * @param user the user
     * @param password the password
     * @param csrfToken the form's CSRF field, or {@code null} to post without it
     * @return the sample's answer
     * @throws IOException if the request fails
     * @throws InterruptedException if interrupted
     */
    static HttpResponse<String> postSignIn(HttpClient http, String base, String user, String password, String csrfToken)
            throws IOException, InterruptedException {
        String fields = "username=" + encode(user) + "&password=" + encode(password)
                + (csrfToken == null ? "" : "&_csrf=" + encode(csrfToken));
        return http.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(fields))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
