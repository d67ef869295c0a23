package io.github.aobackgroundjobs.documented;

import com.sun.net.httpserver.HttpServer;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.IntConsumer;

/** docs/webhooks.md's receiving snippet, as written there, on a loopback JDK server at {@code /job-updated}. */
final class WebhookReceivingSnippet {

    private WebhookReceivingSnippet() {}

    /**
     * @param repository the receiving process's repository
     * @param secret the shared secret
     * @param answered told each status the snippet answers
     * @return the started server; the caller stops it
     */
    static HttpServer start(JobRepositoryBase<Long> repository, byte[] secret, IntConsumer answered)
            throws IOException {
        // -- the doc's receiving snippet
        WebhookVerifier verifier = new WebhookVerifier(secret);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/job-updated", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int status;
            try {
                verifier.verify(
                        exchange.getRequestHeaders().getFirst(WebhookSignatures.TIMESTAMP_HEADER),
                        exchange.getRequestHeaders().getFirst(WebhookSignatures.SIGNATURE_HEADER),
                        body);
                WebhookPayload payload = WebhookPayload.parse(body);
                repository.onUpdated(repository.keyType().parse(payload.id())); // reload and tell the listeners
                status = 204;
            } catch (WebhookVerificationException e) {
                status = 401;
            } catch (IllegalArgumentException e) {
                status = 400;
            }
            answered.accept(status);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        // --
        return server;
    }
}
