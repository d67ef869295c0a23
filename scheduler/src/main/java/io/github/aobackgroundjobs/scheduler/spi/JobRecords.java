package io.github.aobackgroundjobs.scheduler.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobValidation;
import java.time.Instant;

/** The job record a fire creates: the same fields {@code QueueJobClient.queueJob} writes. */
public final class JobRecords {

    private JobRecords() {}

    /**
     * @param definition a job definition
     * @param now the current time
     * @param <K> the key type
     * @return a new PENDING record, due now, without an id
     * @throws IllegalArgumentException if the definition is a task or a field is invalid
     */
    public static <K> BackgroundJobInfo<K> newRecord(StoredDefinition definition, Instant now) {
        if (definition.kind() != StoredDefinition.Kind.JOB) {
            throw new IllegalArgumentException("'" + definition.name() + "' is a task, not a job definition.");
        }
        BackgroundJobInfo<K> job = new BackgroundJobInfo<>();
        job.setUserName(definition.userName());
        job.setRequestType(definition.requestType());
        job.setRequestData(definition.requestJson());
        job.setQueueName(definition.queueName());
        job.setStatus(JobStatus.PENDING);
        job.setCreated(now);
        job.setUpdatedAt(now);
        job.setNextAttemptAt(now);
        JobValidation.validateNewJob(job);
        return job;
    }
}
