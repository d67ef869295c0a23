/**
 * Status changes posted across processes: {@link io.github.aobackgroundjobs.webhook.WebhookNotifier}
 * (HMAC-SHA256 signed, bounded, never on a job's thread) on the worker's side and
 * {@link io.github.aobackgroundjobs.webhook.WebhookVerifier} on the receiver's.
 *
 * <p>For: applications whose workers run in another process (Azure Functions) than their web
 * front end. Stability: public API; the wire format (headers, payload, signature scheme) is
 * versioned by its scheme prefix.
 */
package io.github.aobackgroundjobs.webhook;
