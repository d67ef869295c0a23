package io.github.aobackgroundjobs.dashboard;

import java.io.IOException;

/**
 * One open server-sent-events connection, implemented by each adapter. Used by one writer
 * thread at a time; {@link #close()} may be called from any thread.
 */
public interface EventSink {
    /**
     * Writes bytes and flushes them to the client. May block while the client does not read.
     *
     * @param chunk UTF-8 event text
     * @throws IOException if the connection is gone
     */
    void write(byte[] chunk) throws IOException;

    /** Ends the response and releases the connection. Closing twice does nothing. */
    void close();
}
