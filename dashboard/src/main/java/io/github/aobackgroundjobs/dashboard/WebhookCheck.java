package io.github.aobackgroundjobs.dashboard;

/**
 * Checks a status webhook before the dashboard believes it: the timestamp header, the
 * signature header and the raw body. The core's {@code WebhookVerifier::verify} fits.
 * Must be thread-safe.
 */
@FunctionalInterface
public interface WebhookCheck {
    /**
     * @param timestampHeader {@code X-BackgroundJobs-Timestamp}, or null if missing
     * @param signatureHeader {@code X-BackgroundJobs-Signature}, or null if missing
     * @param body the raw body
     * @throws Exception if the post is not genuine, stale or replayed (answered 401)
     */
    void verify(String timestampHeader, String signatureHeader, byte[] body) throws Exception;
}
