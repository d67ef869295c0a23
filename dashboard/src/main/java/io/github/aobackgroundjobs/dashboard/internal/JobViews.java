package io.github.aobackgroundjobs.dashboard.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.JobOutput;
import io.github.aobackgroundjobs.dashboard.JobRenderer;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns job records into the JSON the browser reads. The owner's view leaves out the stack
 * trace and the worker details; the admin view has everything.
 *
 * @param <K> the key type
 */
public final class JobViews<K> {

    private static final Logger LOG = LoggerFactory.getLogger(JobViews.class);

    private final JobSerializer serializer;
    private final Map<String, JobRenderer<K>> renderers;
    private final java.util.Set<String> linkOrigins;
    private final Clock clock;

    /**
     * @param serializer reads error data
     * @param renderers type-specific output by request type
     */
    public JobViews(JobSerializer serializer, Map<String, JobRenderer<K>> renderers) {
        this(serializer, renderers, java.util.Set.of(), Clock.systemUTC());
    }

    /**
     * @param serializer reads error data
     * @param renderers type-specific output by request type
     * @param linkOrigins origins ({@code https://host[:port]}) whose absolute URLs are shown as links
     * @param clock tells whether a running job's lease has expired
     */
    public JobViews(
            JobSerializer serializer,
            Map<String, JobRenderer<K>> renderers,
            java.util.Set<String> linkOrigins,
            Clock clock) {
        this.linkOrigins = java.util.Set.copyOf(linkOrigins);
        this.serializer = serializer;
        this.renderers = Map.copyOf(renderers);
        this.clock = clock;
    }

    /**
     * Whether the admin may retry a job: a finished-but-not-succeeded one, and one stuck because
     * nobody is running it: RUNNING under an expired lease (its worker is gone) or PENDING and
     * never sent, unless a requeue holds it while sending its message. A user may retry only the
     * first kind.
     *
     * @param job the record
     * @param admin true for the admin
     * @param now the time
     * @return true if Retry is offered
     */
    public static boolean canRetry(BackgroundJobInfo<?> job, boolean admin, Instant now) {
        JobStatus status = job.getStatus();
        if (status == JobStatus.FAILED || status == JobStatus.ABORTED || status == JobStatus.CANCELLED) {
            return true;
        }
        return admin
                && ((status == JobStatus.RUNNING && leaseExpired(job, now))
                        || (status == JobStatus.PENDING && job.getSentAt() == null && !requeueSending(job, now)));
    }

    /**
     * Whether Cancel is offered: for a job not finished whose cancel was not requested yet, or was
     * requested but its worker is gone (the lease expired), when cancelling again ends it.
     *
     * @param job the record
     * @param now the time
     * @return true if Cancel is offered
     */
    public static boolean canCancel(BackgroundJobInfo<?> job, Instant now) {
        return !job.getStatus().isTerminal() && (!job.isCancelRequested() || leaseExpired(job, now));
    }

    /**
     * @param job the record
     * @param now the time
     * @return true for a PENDING job a requeue holds while sending its message (never marked
     *     sent, its hold ending after {@code now})
     */
    public static boolean requeueSending(BackgroundJobInfo<?> job, Instant now) {
        return job.getStatus() == JobStatus.PENDING
                && job.getSentAt() == null
                && job.getLeaseExpiresAt() != null
                && job.getLeaseExpiresAt().isAfter(now);
    }

    /**
     * @param job the record
     * @param now the time
     * @return true for a RUNNING job whose lease expired at or before {@code now}
     */
    public static boolean leaseExpired(BackgroundJobInfo<?> job, Instant now) {
        return job.getStatus() == JobStatus.RUNNING
                && (job.getLeaseExpiresAt() == null || !job.getLeaseExpiresAt().isAfter(now));
    }

    /**
     * @param requestType a request type
     * @return its renderer, if one is registered
     */
    public Optional<JobRenderer<K>> renderer(String requestType) {
        return Optional.ofNullable(renderers.get(requestType));
    }

    /**
     * @param job the record
     * @param admin true for the admin's view
     * @return the view as one line of JSON
     */
    public String toJson(BackgroundJobInfo<K> job, boolean admin) {
        try {
            return serializer.mapper().writeValueAsString(view(job, admin));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Could not write job " + job.getId() + " as JSON.", e);
        }
    }

    /**
     * @param job the record
     * @param admin true for the admin's view
     * @return the view as a JSON-ready map
     */
    public Map<String, Object> view(BackgroundJobInfo<K> job, boolean admin) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.valueOf(job.getId()));
        m.put("userName", job.getUserName());
        m.put("requestType", job.getRequestType());
        m.put("queueName", job.getQueueName());
        m.put("status", job.getStatus().name());
        m.put("created", job.getCreated());
        m.put("updatedAt", job.getUpdatedAt());
        m.put("started", job.getStarted());
        m.put("completed", job.getCompleted());
        m.put("durationMillis", job.getDurationMillis());
        m.put("progressPercent", job.getProgressPercent());
        m.put("progressMessage", job.getProgressMessage());
        m.put("cancelRequested", job.isCancelRequested());
        m.put("cleared", job.isCleared());
        m.put("attempts", job.getAttempts());
        m.put("version", job.getVersion());
        m.put("requestData", job.getRequestData());
        List<JobOutput> output = output(job);
        // A renderer says what a user sees of the result; the result itself may be large (a file's
        // bytes) and would otherwise travel with every list and live event. The admin's view keeps it.
        m.put("resultData", output != null && !admin ? null : job.getResultData());
        Instant now = clock.instant();
        m.put("canCancel", canCancel(job, now));
        m.put("canRetry", canRetry(job, admin, now));
        m.put("error", error(job, admin));
        m.put("output", output);
        if (admin) {
            m.put("nextAttemptAt", job.getNextAttemptAt());
            m.put("sentAt", job.getSentAt());
            m.put("sendCount", job.getSendCount());
            m.put("queueLatencyMillis", job.getQueueLatencyMillis());
            m.put("leaseOwner", job.getLeaseOwner());
            m.put("leaseExpiresAt", job.getLeaseExpiresAt());
            m.put("leaseExpired", leaseExpired(job, now));
        }
        return m;
    }

    private Map<String, Object> error(BackgroundJobInfo<K> job, boolean admin) {
        Optional<ErrorInfo> info = serializer.readError(job);
        if (info.isEmpty()) {
            return null;
        }
        ErrorInfo e = info.get();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", e.message());
        m.put("context", e.context());
        m.put("attempt", e.attempt());
        if (admin) {
            m.put("type", e.type());
            m.put("messages", e.messages());
            m.put("stackTrace", e.stackTrace());
        }
        return m;
    }

    /** An absolute URL off the allow-list is shown as text: the page never links off-site on its own. */
    private JobOutput vetLink(JobOutput item) {
        if (!item.kind().equals("link") || LinkPolicy.isSamePath(item.value())) {
            return item;
        }
        boolean allowed =
                LinkPolicy.origin(item.value()).map(linkOrigins::contains).orElse(false);
        return allowed ? item : JobOutput.text(item.label(), item.value());
    }

    private List<JobOutput> output(BackgroundJobInfo<K> job) {
        JobRenderer<K> renderer = renderers.get(job.getRequestType());
        if (renderer == null) {
            return null;
        }
        try {
            return renderer.render(job).stream().map(this::vetLink).toList();
        } catch (Throwable e) {
            // An Error too (a renderer's AssertionError, a missing class): thrown on, it would fail
            // every view holding this job. Out of memory is left to the request's host.
            if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
                throw fatal;
            }
            LOG.warn("Renderer for {} failed on job {}", job.getRequestType(), job.getId(), e);
            return List.of();
        }
    }
}
