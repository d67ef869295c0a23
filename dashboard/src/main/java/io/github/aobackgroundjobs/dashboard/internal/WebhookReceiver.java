package io.github.aobackgroundjobs.dashboard.internal;

import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import io.github.aobackgroundjobs.webhook.WebhookVerificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives status webhooks from workers in other processes ({@code POST webhook} or
 * {@code POST webhook/<id>}, as {@link io.github.aobackgroundjobs.webhook.WebhookNotifier} posts them).
 * A post is believed only after its timestamp and signature check out and it is not a replay;
 * then the job is re-read from the repository (the body's status is not trusted) and published
 * to open pages.
 *
 * @param <K> the key type
 */
final class WebhookReceiver<K> {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

    private final DashboardContext<K> ctx;
    private final LogPacer refusals;

    WebhookReceiver(DashboardContext<K> ctx) {
        this.ctx = ctx;
        this.refusals = new LogPacer(ctx.clock());
    }

    DashboardResponse receive(DashboardRequest request) {
        if (ctx.webhookVerifier() == null) {
            return Json.error(ctx.mapper(), 404, "Not found.");
        }
        try {
            ctx.webhookVerifier()
                    .verify(
                            request.header(WebhookSignatures.TIMESTAMP_HEADER).orElse(null),
                            request.header(WebhookSignatures.SIGNATURE_HEADER).orElse(null),
                            request.body());
        } catch (WebhookVerificationException e) {
            // Anyone who reaches the endpoint can be refused: at most one line a minute.
            long notLogged = refusals.admit();
            if (notLogged == 0) {
                LOG.warn("Refused a status webhook ({}): {}", e.getReason(), e.getMessage());
            } else if (notLogged > 0) {
                LOG.warn(
                        "Refused a status webhook ({}): {} ({} more refused since the last line, not logged)",
                        e.getReason(),
                        e.getMessage(),
                        notLogged);
            }
            return Json.error(ctx.mapper(), 401, "Signature refused.");
        }
        K id;
        try {
            WebhookPayload payload = WebhookPayload.parse(request.body());
            id = ctx.repository().keyType().parse(payload.id());
        } catch (IllegalArgumentException e) {
            return Json.error(ctx.mapper(), 400, "The body must be a status webhook with the job's 'id'.");
        }
        String path = request.path();
        if (path.startsWith("/webhook/")) {
            // Parsed apart from the body: a path that names no job is the sender's URL at fault, not its body.
            K named;
            try {
                named = ctx.repository().keyType().parse(path.substring("/webhook/".length()));
            } catch (IllegalArgumentException e) {
                return Json.error(ctx.mapper(), 400, "The path's id " + e.getMessage());
            }
            if (!named.equals(id)) {
                return Json.error(ctx.mapper(), 400, "The path's id and the body's id differ.");
            }
        }
        ctx.repository().onUpdated(id);
        return DashboardResponse.of(204, null, new byte[0]);
    }
}
