package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import java.time.Instant;

/** PENDING jobs for the lock tests, due since {@link #CREATED}. */
final class PendingJobs {

    /** When the jobs were created and became due. */
    static final Instant CREATED = Instant.parse("2026-05-01T08:00:00Z");

    private PendingJobs() {}

    /**
     * @param repository where to insert
     * @param user the job's user
     * @return the new job's id
     */
    static long insert(JdbiJobRepository<Long> repository, String user) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName(user);
        job.setRequestType("LockRequest");
        job.setRequestData("{}");
        job.setQueueName("locks");
        job.setCreated(CREATED);
        job.setNextAttemptAt(CREATED);
        return repository.insert(job).getId();
    }
}
