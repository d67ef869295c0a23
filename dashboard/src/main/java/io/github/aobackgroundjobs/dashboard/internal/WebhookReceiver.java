package io.github.aobackgroundjobs.dashboard.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives status webhooks from workers in other processes. A post is believed only after its
 * timestamp and signature check out; then the job is re-read from the repository (the body's
 * status is not trusted) and published to open pages.
 *
 * @param <K> the key type
 */
final class WebhookReceiver<K> {

    static final String TIMESTAMP_HEADER = "X-BackgroundJobs-Timestamp";
    static final String SIGNATURE_HEADER = "X-BackgroundJobs-Signature";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    private final DashboardContext<K> ctx;

    WebhookReceiver(DashboardContext<K> ctx) {
        this.ctx = ctx;
    }

    DashboardResponse receive(DashboardRequest request) {
        if (ctx.webhookVerifier() == null) {
            return Json.error(ctx.mapper(), 404, "Not found.");
        }
        try {
            ctx.webhookVerifier().verify(request.header(TIMESTAMP_HEADER).orElse(null),
                    request.header(SIGNATURE_HEADER).orElse(null), request.body());
        } catch (Exception e) {
            LOG.warn("Refused a status webhook: {}", e.getMessage());
            return Json.error(ctx.mapper(), 401, "Signature refused.");
        }
        K id;
        try {
            JsonNode body = ctx.mapper().readTree(request.body());
            id = ctx.repository().keyType().parse(body == null ? null : body.path("id").asText(null));
        } catch (IOException | IllegalArgumentException e) {
            return Json.error(ctx.mapper(), 400, "The body must be JSON with the job's 'id'.");
        }
        ctx.repository().onUpdated(id);
        return DashboardResponse.of(204, null, new byte[0]);
    }
}
