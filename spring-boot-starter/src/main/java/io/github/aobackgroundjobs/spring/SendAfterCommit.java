package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.JobQueueingException;
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
        } catch (JobQueueingException e) {
            // The transaction has committed: failing the caller now would report committed work as
            // failed. The record stays PENDING and the sweeper sends it.
            LOG.warn(
                    "Job {} on queue '{}' was committed but its message was not sent; the sweeper sends it later.",
                    job.id(),
                    job.queueName(),
                    e);
        }
    }
}
