package io.github.aobackgroundjobs.dashboard.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.DashboardUser;
import io.github.aobackgroundjobs.dashboard.JobDownload;
import io.github.aobackgroundjobs.dashboard.JobRenderer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The signed-in user's API: their active jobs, one job, clear/cancel/retry, the download and
 * the live stream. Another user's job is answered 404, as if it did not exist.
 *
 * @param <K> the key type
 */
final class UserApi<K> {

    /** Stripes of the Retry check-and-requeue, by job id. */
    private static final Object[] RETRY_LOCKS = new Object[64];

    static {
        for (int i = 0; i < RETRY_LOCKS.length; i++) {
            RETRY_LOCKS[i] = new Object();
        }
    }

    private final DashboardContext<K> ctx;
    private final EventStreams<K> streams;

    UserApi(DashboardContext<K> ctx) {
        this.ctx = ctx;
        this.streams = new EventStreams<>(ctx);
    }

    DashboardResponse handle(DashboardRequest request, DashboardUser user, String path) throws Exception {
        String method = request.method();
        if (path.equals("/jobs") && method.equals("GET")) {
            List<Map<String, Object>> jobs =
                    ctx.repository().findActiveJobs(user.name(), ctx.activeJobsLimit()).stream()
                            .map(j -> ctx.views().view(j, false))
                            .toList();
            return Json.ok(
                    ctx.mapper(), Map.of("jobs", jobs, "serverTime", ctx.clock().instant()));
        }
        if (path.equals("/events") && method.equals("GET")) {
            return streams.open(request, user.name(), user);
        }
        if (!path.startsWith("/jobs/")) {
            return Json.error(ctx.mapper(), 404, "Not found.");
        }
        String[] parts = path.substring("/jobs/".length()).split("/", -1);
        if (parts.length > 2) {
            return Json.error(ctx.mapper(), 404, "Not found.");
        }
        K id = ctx.repository().keyType().parse(parts[0]);
        Optional<BackgroundJobInfo<K>> found =
                ctx.repository().findJob(id).filter(j -> user.name().equals(j.getUserName()));
        if (found.isEmpty()) {
            return Json.error(ctx.mapper(), 404, "No such job.");
        }
        BackgroundJobInfo<K> job = found.get();
        String action = parts.length == 2 ? parts[1] : "";
        if (action.isEmpty() && method.equals("GET")) {
            return Json.ok(ctx.mapper(), ctx.views().view(job, false));
        }
        if (action.equals("download") && method.equals("GET")) {
            return download(job);
        }
        if (action.isEmpty() || action.equals("download")) {
            return DashboardHandler.methodNotAllowed(ctx, "GET");
        }
        if (!method.equals("POST")) {
            return isAction(action)
                    ? DashboardHandler.methodNotAllowed(ctx, "POST")
                    : Json.error(ctx.mapper(), 404, "Not found.");
        }
        return act(ctx, id, action, false);
    }

    /**
     * @param action the last part of a job's path
     * @return whether it is one of the actions a POST takes
     */
    static boolean isAction(String action) {
        return action.equals("clear") || action.equals("cancel") || action.equals("retry");
    }

    /**
     * Clear, cancel or retry; shared with the admin API (which skips the owner check). The admin
     * may also retry a job nobody is running: RUNNING under an expired lease, or PENDING and never
     * sent; a user only a failed, aborted or cancelled one. A user clears only a finished job; the
     * admin any.
     */
    static <K> DashboardResponse act(DashboardContext<K> ctx, K id, String action, boolean admin) {
        switch (action) {
            case "clear":
                if (!admin) {
                    // The bell offers Clear for finished jobs only: a job cleared while it runs would
                    // leave the bell, and with it the user's Cancel.
                    Optional<BackgroundJobInfo<K>> job = ctx.repository().findJob(id);
                    if (job.isEmpty()) {
                        return Json.error(ctx.mapper(), 404, "No such job.");
                    }
                    if (!job.get().getStatus().isTerminal()) {
                        return Json.error(
                                ctx.mapper(),
                                409,
                                "The job is " + job.get().getStatus()
                                        + "; only a finished job can be cleared (cancel it first).");
                    }
                }
                return ctx.actions().clear(id)
                        ? Json.ok(ctx.mapper(), Map.of("cleared", true))
                        : Json.error(ctx.mapper(), 404, "No such job.");
            case "cancel":
                CancelResult result = ctx.actions().cancel(id);
                return switch (result) {
                    case CANCELLED, REQUESTED -> Json.ok(ctx.mapper(), Map.of("result", result.name()));
                    case ALREADY_DONE -> Json.error(ctx.mapper(), 409, "The job has already finished.");
                    case NOT_FOUND -> Json.error(ctx.mapper(), 404, "No such job.");
                };
            case "retry":
                // The client's requeue is atomic on the stock repositories, across processes; this lock
                // keeps Retries clicked together in one process to one on a custom repository whose
                // requeue is not (JobRepositoryBase.requeuesAtomically()).
                synchronized (RETRY_LOCKS[Math.floorMod(id.hashCode(), RETRY_LOCKS.length)]) {
                    Optional<BackgroundJobInfo<K>> before = ctx.repository().findJob(id);
                    if (before.isEmpty()) {
                        return Json.error(ctx.mapper(), 404, "No such job.");
                    }
                    boolean allowed = admin || before.get().getStatus().isTerminal();
                    if (allowed && ctx.actions().retry(id)) {
                        return Json.ok(ctx.mapper(), Map.of("requeued", true));
                    }
                }
                return ctx.repository()
                        .findJob(id)
                        .map(job -> Json.error(
                                ctx.mapper(),
                                409,
                                whyNoRetry(job, admin, ctx.clock().instant())))
                        .orElseGet(() -> Json.error(ctx.mapper(), 404, "No such job."));
            default:
                return Json.error(ctx.mapper(), 404, "Not found.");
        }
    }

    /** The reason a retry was refused, for the job as it is now. */
    private static String whyNoRetry(BackgroundJobInfo<?> job, boolean admin, Instant now) {
        if (JobViews.requeueSending(job, now)) {
            return "The job has just been retried (at " + job.getUpdatedAt()
                    + ") and its message is on its way; a second retry would only send a duplicate.";
        }
        if (job.getStatus() == JobStatus.FAILED
                || job.getStatus() == JobStatus.ABORTED
                || job.getStatus() == JobStatus.CANCELLED) {
            // Retryable as it is now: the requeue found it changed since its read (a Clear in another tab).
            return "The job changed while it was being retried; it is " + job.getStatus() + " still: try again.";
        }
        if (!admin) {
            return "Only a failed, aborted or cancelled job can be retried.";
        }
        return switch (job.getStatus()) {
            case RUNNING ->
                JobViews.leaseExpired(job, now)
                        ? "The job's worker is gone, but the job could not be requeued; try again."
                        : "The job is running: its worker holds its lease until " + job.getLeaseExpiresAt()
                                + " and renews it while alive. It can be retried once the lease has expired (its worker"
                                + " is gone), or cancelled now.";
            case PENDING ->
                job.getSentAt() == null
                        ? "The job could not be requeued; try again."
                        : "The job is waiting in its queue (its message was sent at " + job.getSentAt()
                                + "); a worker runs it in turn.";
            case SUCCEEDED -> "The job succeeded; queue a new one to run it again.";
            default -> "The job could not be requeued; try again.";
        };
    }

    private DashboardResponse download(BackgroundJobInfo<K> job) throws Exception {
        Optional<JobRenderer<K>> renderer = ctx.views().renderer(job.getRequestType());
        Optional<JobDownload> file;
        try {
            file = renderer.isPresent() ? renderer.get().download(job) : Optional.empty();
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            // The request is not at fault: answered as the request's mistakes are, these would be
            // a 400 carrying the renderer's message.
            throw new IllegalStateException(
                    "The renderer of " + job.getRequestType() + " could not read the download of job " + job.getId(),
                    e);
        }
        if (file.isEmpty()) {
            return Json.error(ctx.mapper(), 404, "This job has no download.");
        }
        JobDownload d = file.get();
        return DashboardResponse.of(200, d.contentType(), d.content())
                .withHeader("Content-Disposition", "attachment; filename=\"" + d.fileName() + "\"")
                .withHeader("Cache-Control", "private, no-store");
    }
}
