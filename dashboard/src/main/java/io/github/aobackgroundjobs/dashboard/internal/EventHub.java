package io.github.aobackgroundjobs.dashboard.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.dashboard.EventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans job updates out to server-sent-events subscribers.
 *
 * <p>The repository listener only offers the record to a bounded inbox, so a worker thread is
 * never blocked. One dispatcher thread formats each update once per audience and offers it to
 * every matching subscriber's bounded buffer; a subscriber whose buffer is full (a stalled
 * browser) is dropped, and its browser resyncs when it reconnects. Each subscriber has its own
 * writer thread, so a blocked connection holds up nobody else.
 *
 * @param <K> the key type
 */
public final class EventHub<K> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RESYNC = "event: resync\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);

    private static final int MAX_BATCH = 64;
    private static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

    private final BlockingQueue<BackgroundJobInfo<K>> inbox;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final BiFunction<BackgroundJobInfo<K>, Boolean, String> formatter;
    private final int bufferSize;
    private final long heartbeatNanos;
    private final Thread dispatcher;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param formatter (job, for admin) to the event's JSON data
     * @param inboxSize how many updates may wait for the dispatcher
     * @param bufferSize how many events may wait for one subscriber
     * @param heartbeat how often an idle connection gets a comment line
     */
    public EventHub(
            BiFunction<BackgroundJobInfo<K>, Boolean, String> formatter,
            int inboxSize,
            int bufferSize,
            Duration heartbeat) {
        this.formatter = formatter;
        this.inbox = new ArrayBlockingQueue<>(inboxSize);
        this.bufferSize = bufferSize;
        this.heartbeatNanos = heartbeat.toNanos();
        this.dispatcher = new Thread(this::dispatchLoop, "bgjobs-dashboard-events");
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    /**
     * Takes an update; never blocks. When the inbox is full the update is lost and every
     * subscriber is told to resync.
     *
     * @param job the record as it is now
     */
    public void publish(BackgroundJobInfo<K> job) {
        if (!closed && !inbox.offer(job)) {
            overflowed.set(true);
        }
    }

    /**
     * Opens a subscription and starts its writer thread.
     *
     * @param sink the connection
     * @param userName only this user's jobs, or null for every job (admin)
     * @param preamble events written first (retry interval, catch-up)
     * @return the subscriber
     */
    public Subscriber subscribe(EventSink sink, String userName, List<byte[]> preamble) {
        Subscriber s = new Subscriber(sink, userName);
        for (byte[] chunk : preamble) {
            s.buffer.offer(chunk);
        }
        if (closed) {
            s.close();
            sink.close();
            return s;
        }
        subscribers.add(s);
        s.writer.start();
        return s;
    }

    /** @return events buffered per subscriber */
    public int bufferSize() {
        return bufferSize;
    }

    /** @return open subscriptions */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** @return subscriptions dropped because their buffer was full */
    public long droppedCount() {
        return dropped.get();
    }

    /** @return events written to connections */
    public long deliveredCount() {
        return delivered.get();
    }

    /**
     * Formats one event.
     *
     * @param event the event name
     * @param id the event id (for Last-Event-ID), or null
     * @param data the JSON data (one line)
     * @return the event bytes
     */
    public static byte[] event(String event, String id, String data) {
        StringBuilder sb = new StringBuilder(data.length() + 64);
        if (id != null) {
            sb.append("id: ").append(id).append('\n');
        }
        sb.append("event: ").append(event).append('\n');
        sb.append("data: ").append(data.replace("\n", "\ndata: ")).append("\n\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(List<byte[]> chunks) {
        int length = 0;
        for (byte[] c : chunks) {
            length += c.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, all, at, c.length);
            at += c.length;
        }
        return all;
    }

    private void dispatchLoop() {
        long lastBeat = System.nanoTime();
        while (!closed) {
            BackgroundJobInfo<K> job;
            try {
                job = inbox.poll(Math.max(1, heartbeatNanos / 4), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (overflowed.getAndSet(false)) {
                    offerAll(RESYNC);
                }
                if (job != null) {
                    dispatch(job);
                }
                if (System.nanoTime() - lastBeat >= heartbeatNanos) {
                    lastBeat = System.nanoTime();
                    offerAll(HEARTBEAT);
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not dispatch a job update", e);
            }
        }
    }

    private void dispatch(BackgroundJobInfo<K> job) {
        byte[] forUser = null;
        byte[] forAdmin = null;
        String id = job.getUpdatedAt() == null ? null : job.getUpdatedAt().toString();
        for (Subscriber s : subscribers) {
            if (s.userName == null) {
                if (forAdmin == null) {
                    forAdmin = event("job", id, formatter.apply(job, true));
                }
                s.offer(forAdmin);
            } else if (s.userName.equals(job.getUserName())) {
                if (forUser == null) {
                    forUser = event("job", id, formatter.apply(job, false));
                }
                s.offer(forUser);
            }
        }
    }

    private void offerAll(byte[] chunk) {
        for (Subscriber s : subscribers) {
            s.offer(chunk);
        }
    }

    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
        for (Subscriber s : subscribers) {
            s.close();
        }
    }

    /** One open event stream. */
    public final class Subscriber {
        private final EventSink sink;
        private final String userName;
        private final BlockingQueue<byte[]> buffer = new ArrayBlockingQueue<>(bufferSize);
        private final Thread writer;
        private final AtomicBoolean done = new AtomicBoolean();

        private Subscriber(EventSink sink, String userName) {
            this.sink = sink;
            this.userName = userName;
            this.writer = new Thread(this::writeLoop, "bgjobs-dashboard-sse");
            this.writer.setDaemon(true);
        }

        private void offer(byte[] chunk) {
            if (!done.get() && !buffer.offer(chunk)) {
                dropped.incrementAndGet();
                LOG.debug("Dropping a stalled event subscriber of {}", userName == null ? "(admin)" : userName);
                close();
            }
        }

        private void writeLoop() {
            List<byte[]> batch = new java.util.ArrayList<>(MAX_BATCH);
            long lastWrite = System.nanoTime() - LINGER_NANOS;
            try {
                while (!done.get()) {
                    byte[] chunk = buffer.poll(1, TimeUnit.SECONDS);
                    if (chunk == null) {
                        continue;
                    }
                    // A busy stream (last write under LINGER ago) waits out the rest of LINGER so
                    // what arrives meanwhile goes in the same write: at most 1000/LINGER writes a
                    // second per stream under load; a quiet stream still writes at once.
                    long sinceLast = System.nanoTime() - lastWrite;
                    if (sinceLast < LINGER_NANOS) {
                        java.util.concurrent.locks.LockSupport.parkNanos(LINGER_NANOS - sinceLast);
                    }
                    batch.clear();
                    batch.add(chunk);
                    buffer.drainTo(batch, MAX_BATCH - 1);
                    sink.write(batch.size() == 1 ? chunk : concat(batch));
                    delivered.addAndGet(batch.size());
                    lastWrite = System.nanoTime();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debug("Event subscriber went away: {}", e.toString());
            } finally {
                close();
                sink.close();
            }
        }

        /**
         * Queues events for this subscriber alone.
         *
         * @param chunks the events
         */
        public void send(List<byte[]> chunks) {
            for (byte[] chunk : chunks) {
                offer(chunk);
            }
        }

        /** Ends the subscription; the writer thread closes the connection. */
        public void close() {
            if (done.compareAndSet(false, true)) {
                subscribers.remove(this);
                buffer.clear();
                writer.interrupt();
            }
        }
    }
}
