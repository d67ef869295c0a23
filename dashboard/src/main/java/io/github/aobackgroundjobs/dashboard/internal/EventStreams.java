package io.github.aobackgroundjobs.dashboard.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.DashboardUser;
import io.github.aobackgroundjobs.dashboard.EventSink;
import io.github.aobackgroundjobs.dashboard.EventStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens live streams. A reconnecting browser sends the last event's id (the job's updated-at):
 * the stream first replays what changed since then, or tells the page to reload its list when
 * it cannot.
 *
 * @param <K> the key type
 */
final class EventStreams<K> {

    /** Updates written in the same instant on other threads may carry a slightly older time. */
    private static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(5);

    private static final int CATCH_UP_LIMIT = 500;
    private static final byte[] RETRY = "retry: 2000\n\n".getBytes(StandardCharsets.UTF_8);

    private final DashboardContext<K> ctx;

    EventStreams(DashboardContext<K> ctx) {
        this.ctx = ctx;
    }

    /**
     * @param request the request (Last-Event-ID header or {@code since} parameter)
     * @param userName whose jobs, or null for all (admin)
     * @param user the signed-in user, whose open streams are capped, and whose stream ends when
     *     the authenticator says the sign-in has ended
     * @return the event-stream response, or 429 if the user has the most streams allowed open
     */
    DashboardResponse open(DashboardRequest request, String userName, DashboardUser user) {
        String owner = user.name();
        if (!ctx.hub().tryReserve(owner)) {
            return Json.error(
                            ctx.mapper(),
                            429,
                            "Too many open live streams for this user (at most "
                                    + ctx.hub().maxStreamsPerUser() + "); close other dashboard tabs and try again.")
                    .withHeader("Retry-After", "10");
        }
        Optional<Instant> since = request.header("Last-Event-ID")
                .or(() -> request.queryParam("since"))
                .flatMap(EventStreams::parseInstant);
        // One reservation backs the stream: a second start or abandon must not take or give back another.
        AtomicBoolean settled = new AtomicBoolean();
        return DashboardResponse.eventStream(new EventStream() {
            @Override
            public void start(EventSink sink) {
                if (!settled.compareAndSet(false, true)) {
                    sink.close();
                    return;
                }
                // Subscribe first and read afterwards: an update in between arrives twice (the page
                // keeps the higher version), never zero times.
                EventHub<K>.Subscriber subscriber = ctx.hub()
                        .subscribe(
                                sink, userName, owner, () -> ctx.authenticator().isSignedIn(user), List.of(RETRY));
                List<byte[]> catchUp = new ArrayList<>();
                if (since.isPresent()) {
                    catchUp.addAll(replay(since.get(), userName));
                }
                catchUp.add(EventHub.event("ready", null, "{}"));
                subscriber.send(catchUp);
            }

            @Override
            public void abandon() {
                if (settled.compareAndSet(false, true)) {
                    ctx.hub().release(owner);
                }
            }
        });
    }

    private List<byte[]> replay(Instant since, String userName) {
        if (ctx.queryRepository() == null || userName == null) {
            return List.of(EventHub.event("resync", null, "{}"));
        }
        List<BackgroundJobInfo<K>> changed;
        try {
            changed = ctx.queryRepository().findUpdatedSince(since.minus(CATCH_UP_MARGIN), userName, CATCH_UP_LIMIT);
        } catch (RuntimeException e) {
            return List.of(EventHub.event("resync", null, "{}"));
        }
        if (changed.size() >= Math.min(CATCH_UP_LIMIT, ctx.hub().bufferSize() / 2)) {
            return List.of(EventHub.event("resync", null, "{}"));
        }
        List<byte[]> events = new ArrayList<>();
        for (BackgroundJobInfo<K> job : changed) {
            events.add(EventHub.event(
                    "job",
                    job.getUpdatedAt() == null ? null : job.getUpdatedAt().toString(),
                    ctx.views().toJson(job, false)));
        }
        return events;
    }

    private static Optional<Instant> parseInstant(String text) {
        try {
            return Optional.of(Instant.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
