package io.github.aobackgroundjobs.dashboard;

/**
 * The producer behind a server-sent-events response. The adapter calls {@link #start} once,
 * after it sent the response headers (or {@link #abandon} if it could not); the dashboard then
 * writes events to the sink from its shared writer threads until the client goes away or the
 * stream ends it.
 *
 * <p>The dashboard's own streams act on the first of these calls only: a later {@link #start}
 * closes the sink it is given at once, and a later {@link #abandon} does nothing, so a stream
 * never holds or gives back more than its one place among the user's
 * {@link Dashboard.Builder#maxStreamsPerUser open streams}. Thread-safe.
 */
@FunctionalInterface
public interface EventStream {
    /**
     * Starts writing events. Returns promptly; writing happens on the dashboard's writer threads.
     *
     * @param sink the connection
     */
    void start(EventSink sink);

    /**
     * Tells the stream it will never be started (sending the response headers failed), so it
     * can give back what it holds. The default does nothing.
     */
    default void abandon() {}
}
