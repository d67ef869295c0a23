package io.github.aobackgroundjobs.dashboard;

import java.io.IOException;

/**
 * One open server-sent-events connection, implemented by each adapter. {@link #write} is called
 * by one of the dashboard's shared writer threads at a time; {@link #close()} and
 * {@link #abort()} may be called from any thread.
 */
public interface EventSink {
    /**
     * Writes bytes and flushes them to the client. May block while the client does not read
     * (the dashboard drops a subscriber whose write hangs); a sink that cannot block may instead
     * buffer a bounded amount and throw once the client is that far behind.
     *
     * @param chunk UTF-8 event text
     * @throws IOException if the connection is gone
     */
    void write(byte[] chunk) throws IOException;

    /** Ends the response and releases the connection. Closing twice does nothing. */
    void close();

    /**
     * Ends the connection at once, without waiting for the client: called for a subscriber that
     * stopped reading. Must not block on the client. Aborting or closing twice does nothing.
     * The default closes.
     */
    default void abort() {
        close();
    }
}
