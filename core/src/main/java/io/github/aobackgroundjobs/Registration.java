package io.github.aobackgroundjobs;

/** A registered listener; {@link #close()} removes it. Closing twice does nothing. */
@FunctionalInterface
public interface Registration extends AutoCloseable {
    /** Removes the listener. */
    @Override
    void close();
}
