package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import java.util.List;
import java.util.Optional;

/**
 * Type-specific output for one request type: registered with
 * {@link Dashboard.Builder#renderer(String, JobRenderer)}. A job whose type has no renderer
 * shows its result as (escaped) JSON. Implementations must be thread-safe.
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface JobRenderer<K> {

    /**
     * What to show under a job of this type (called for every job view, for any status).
     *
     * @param job the record
     * @return the output items, possibly none
     * @throws Exception if the record cannot be read; the job is then shown without output, as
     *     it is when this throws an {@link Error} such as an {@code AssertionError} or a
     *     {@code NoClassDefFoundError} (not a {@link VirtualMachineError} other than
     *     {@code StackOverflowError})
     */
    List<JobOutput> render(BackgroundJobInfo<K> job) throws Exception;

    /**
     * The file behind a {@link JobOutput#download} item. Called only for the job's owner.
     *
     * @param job the record
     * @return the file, or empty if there is none (answered 404)
     * @throws Exception if it cannot be read (answered 500)
     */
    default Optional<JobDownload> download(BackgroundJobInfo<K> job) throws Exception {
        return Optional.empty();
    }
}
