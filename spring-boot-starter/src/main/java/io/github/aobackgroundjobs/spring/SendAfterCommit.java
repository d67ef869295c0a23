package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.UnsentJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;

/** Sends a job queued in a Spring transaction once that transaction has committed. */
final class SendAfterCommit implements TransactionSynchronization {

    private static final Logger LOG = LoggerFactory.getLogger(SendAfterCommit.class);

    private final UnsentJob<?> job;

    SendAfterCommit(UnsentJob<?> job) {
        this.job = job;
    }

    @Override
    public void afterCommit() {
        try {
            job.send();
        } catch (RuntimeException e) {
            // The transaction has committed: failing the caller now would report committed work as
            // failed (and a caller retrying would do it twice). Whatever stopped the send (the queue,
            // the store unreachable for the send's read of the record), the record stays PENDING and
            // unsent, and the sweeper sends it.
            LOG.warn(
                    "Job {} on queue '{}' was committed but its message was not sent; the sweeper sends it later.",
                    job.id(),
                    job.queueName(),
                    e);
        }
    }
}
