package io.github.aobackgroundjobs.dashboard;

/**
 * The producer behind a server-sent-events response. The adapter calls {@link #start} once,
 * after it sent the response headers; the stream then writes events to the sink from its own
 * thread until the client goes away or the stream ends it.
 */
@FunctionalInterface
public interface EventStream {
    /**
     * Starts writing events. Must return promptly; writing happens on another thread.
     *
     * @param sink the connection
     */
    void start(EventSink sink);
}
