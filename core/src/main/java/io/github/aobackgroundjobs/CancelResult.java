package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;

/** What {@link JobRepositoryBase#requestCancel} did. */
public enum CancelResult {
    /** The job had not started: it is now CANCELLED. */
    CANCELLED,
    /** The job is running: the cancel flag is set and the job sees it at its next check. */
    REQUESTED,
    /** The job had already finished; nothing changed. */
    ALREADY_DONE,
    /** No job has this id. */
    NOT_FOUND
}
