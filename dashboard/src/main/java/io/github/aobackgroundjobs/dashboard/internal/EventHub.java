package io.github.aobackgroundjobs.dashboard.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.dashboard.EventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans job updates out to server-sent-events subscribers without a thread per subscriber.
 *
 * <p>The repository listener only offers the record to a bounded inbox, so a worker thread is
 * never blocked. One dispatcher thread formats each update once per audience, offers it to every
 * matching subscriber's bounded buffer, adds keep-alives to idle streams and watches for writes
 * that hang. A small fixed pool of writer threads drains the buffers: a subscriber with events
 * waiting is one task on the pool at a time, so the number of threads does not grow with the
 * number of streams. A subscriber whose buffer is full (a browser that stopped reading), or
 * whose write has not finished after {@link #WRITE_TIMEOUT}, is dropped: its connection is
 * aborted and the writer moves on; the browser resyncs when it reconnects.
 *
 * <p>Open streams are counted per user; {@link #tryReserve} refuses past the cap.
 *
 * @param <K> the key type
 */
public final class EventHub<K> implements AutoCloseable {

    /** A write to one connection that takes longer than this drops the subscriber. */
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);
    private static final byte[] HEARTBEAT = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SIGNED_OUT = event("signedout", null, "{}");
    private static final byte[] RESYNC = "event: resync\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8);

    private static final int MAX_BATCH = 256;
    private static final long MIN_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final long MAX_LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long ADAPT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long BEHIND_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long ON_TIME_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long WATCH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final BlockingQueue<BackgroundJobInfo<K>> inbox;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    // Counts change only inside the map's per-key compute: a count read outside it could be the
    // one a release has just removed, and a slot taken on it would go uncounted.
    private final Map<String, Integer> streamsPerUser = new ConcurrentHashMap<>();
    private final BiFunction<BackgroundJobInfo<K>, Boolean, String> formatter;
    private final int bufferSize;
    private final int maxStreamsPerUser;
    private final long heartbeatNanos;
    private final long writeTimeoutNanos;
    private final Thread dispatcher;
    private final ScheduledThreadPoolExecutor writers;
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    /** Worst lateness of a writer task since the dispatcher last looked. */
    private final AtomicLong writerLag = new AtomicLong();
    /** How long a busy stream waits to gather events into one write; grows while the writers fall behind. */
    private volatile long lingerNanos = MIN_LINGER_NANOS;

    private volatile boolean closed;

    /**
     * A hub with 4 writer threads and no cap on streams per user.
     *
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
        this(formatter, inboxSize, bufferSize, heartbeat, 4, Integer.MAX_VALUE, WRITE_TIMEOUT);
    }

    /**
     * @param formatter (job, for admin) to the event's JSON data
     * @param inboxSize how many updates may wait for the dispatcher
     * @param bufferSize how many events may wait for one subscriber
     * @param heartbeat how often an idle connection gets a comment line
     * @param writerThreads threads writing to connections, shared by every stream
     * @param maxStreamsPerUser open streams one user may have
     * @param writeTimeout a write taking longer drops its subscriber
     */
    public EventHub(
            BiFunction<BackgroundJobInfo<K>, Boolean, String> formatter,
            int inboxSize,
            int bufferSize,
            Duration heartbeat,
            int writerThreads,
            int maxStreamsPerUser,
            Duration writeTimeout) {
        this.formatter = formatter;
        this.inbox = new ArrayBlockingQueue<>(inboxSize);
        this.bufferSize = bufferSize;
        this.maxStreamsPerUser = maxStreamsPerUser;
        this.heartbeatNanos = heartbeat.toNanos();
        this.writeTimeoutNanos = writeTimeout.toNanos();
        AtomicInteger n = new AtomicInteger();
        this.writers = new ScheduledThreadPoolExecutor(writerThreads, r -> {
            Thread t = new Thread(r, "bgjobs-dashboard-sse-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.writers.setRemoveOnCancelPolicy(true);
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
     * Reserves one of a user's stream slots; {@link #subscribe} takes the reservation over and
     * the subscriber gives it back when it ends.
     *
     * @param owner the signed-in user
     * @return false if the user already has the most streams allowed
     */
    public boolean tryReserve(String owner) {
        AtomicBoolean reserved = new AtomicBoolean();
        streamsPerUser.compute(owner, (k, open) -> {
            int n = open == null ? 0 : open;
            if (n >= maxStreamsPerUser) {
                return open;
            }
            reserved.set(true);
            return n + 1;
        });
        return reserved.get();
    }

    /**
     * Gives back a slot of {@link #tryReserve} whose stream never started.
     *
     * @param owner the signed-in user
     */
    public void release(String owner) {
        streamsPerUser.computeIfPresent(owner, (k, open) -> open <= 1 ? null : open - 1);
    }

    /** @return open streams a user may have */
    public int maxStreamsPerUser() {
        return maxStreamsPerUser;
    }

    /**
     * Opens a subscription on a slot reserved with {@link #tryReserve}.
     *
     * @param sink the connection
     * @param userName only this user's jobs, or null for every job (admin)
     * @param owner the signed-in user holding the reservation
     * @param signedIn asked at every heartbeat: false ends the subscription with a
     *     {@code signedout} event
     * @param preamble events written first (retry interval, catch-up)
     * @return the subscriber
     */
    public Subscriber subscribe(
            EventSink sink, String userName, String owner, BooleanSupplier signedIn, List<byte[]> preamble) {
        Subscriber s = new Subscriber(sink, userName, owner, signedIn);
        subscribers.add(s);
        if (closed) {
            s.close();
            return s;
        }
        s.send(preamble);
        return s;
    }

    /**
     * Opens a subscription, reserving a slot for {@code userName} (tests and direct use).
     *
     * @param sink the connection
     * @param userName only this user's jobs, or null for every job (admin)
     * @param preamble events written first
     * @return the subscriber
     */
    public Subscriber subscribe(EventSink sink, String userName, List<byte[]> preamble) {
        String owner = userName == null ? "" : userName;
        tryReserve(owner);
        return subscribe(sink, userName, owner, () -> true, preamble);
    }

    /** @return events buffered per subscriber */
    public int bufferSize() {
        return bufferSize;
    }

    /** @return open subscriptions */
    public int subscriberCount() {
        return subscribers.size();
    }

    /** @return subscriptions dropped because their buffer was full or a write hung */
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
        if (chunks.size() == 1) {
            return chunks.get(0);
        }
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
        long lastWatch = lastBeat;
        long lastAdapt = lastBeat;
        long pollNanos = Math.min(WATCH_NANOS, Math.max(1, heartbeatNanos / 4));
        while (!closed) {
            BackgroundJobInfo<K> job;
            try {
                job = inbox.poll(pollNanos, TimeUnit.NANOSECONDS);
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
                long now = System.nanoTime();
                if (now - lastBeat >= heartbeatNanos) {
                    lastBeat = now;
                    endSignedOut();
                    offerAll(HEARTBEAT);
                }
                if (now - lastAdapt >= ADAPT_NANOS) {
                    lastAdapt = now;
                    adaptLinger();
                }
                if (now - lastWatch >= WATCH_NANOS) {
                    lastWatch = now;
                    dropHungWrites(now);
                }
            } catch (Throwable e) {
                // This one thread feeds every live stream: nothing may end it, neither a
                // renderer's AssertionError nor an OutOfMemoryError rendering one large update.
                LOG.warn("Could not dispatch a job update", e);
            }
        }
    }

    /** Ends the streams whose sign-in has ended (a sign-out, an expired session). */
    private void endSignedOut() {
        for (Subscriber s : subscribers) {
            if (!s.isSignedIn()) {
                s.end(SIGNED_OUT);
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

    /**
     * Fewer, larger writes when the writers cannot keep their schedule (each write costs a system
     * call on both ends however small it is), back to prompt writes once they can.
     */
    private void adaptLinger() {
        long lag = writerLag.getAndSet(0);
        long linger = lingerNanos;
        if (lag > BEHIND_NANOS) {
            lingerNanos = Math.min(MAX_LINGER_NANOS, linger * 2);
        } else if (lag < ON_TIME_NANOS && linger > MIN_LINGER_NANOS) {
            lingerNanos = Math.max(MIN_LINGER_NANOS, linger * 3 / 4);
        }
    }

    /** @return how long a busy stream currently gathers events before writing */
    public Duration linger() {
        return Duration.ofNanos(lingerNanos);
    }

    private void dropHungWrites(long now) {
        for (Subscriber s : subscribers) {
            long started = s.writeStarted;
            if (started != 0 && now - started > writeTimeoutNanos) {
                LOG.debug("Dropping an event subscriber whose write hung for over {}", WRITE_TIMEOUT);
                dropped.incrementAndGet();
                s.close();
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        dispatcher.interrupt();
        for (Subscriber s : subscribers) {
            s.close();
        }
        writers.shutdownNow();
    }

    /** One open event stream: a bounded buffer drained by the shared writers. */
    public final class Subscriber {
        private final EventSink sink;
        private final String userName;
        private final String owner;
        private final BooleanSupplier signedIn;
        private final BlockingQueue<byte[]> buffer = new ArrayBlockingQueue<>(bufferSize);
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private final Object lock = new Object();
        private Thread writing; // guarded by lock
        private volatile boolean done;
        /** Set by {@link #end}: the subscription closes once its buffer is written. */
        private volatile boolean ending;

        private volatile long writeStarted;
        private volatile long lastWrite = System.nanoTime() - MAX_LINGER_NANOS;
        private volatile long plannedAt;

        private Subscriber(EventSink sink, String userName, String owner, BooleanSupplier signedIn) {
            this.sink = sink;
            this.userName = userName;
            this.owner = owner;
            this.signedIn = signedIn;
        }

        private boolean isSignedIn() {
            try {
                return signedIn.getAsBoolean();
            } catch (Throwable e) {
                // Asked on the dispatcher thread, which nothing may end.
                LOG.debug("The authenticator could not tell whether a stream's user is signed in", e);
                return true;
            }
        }

        /** Writes a last event, then closes the subscription. */
        private void end(byte[] last) {
            if (done || ending) {
                return;
            }
            ending = true;
            if (!buffer.offer(last)) {
                close();
                return;
            }
            schedule();
        }

        private void offer(byte[] chunk) {
            if (done || ending) {
                return;
            }
            if (!buffer.offer(chunk)) {
                dropped.incrementAndGet();
                LOG.debug("Dropping a stalled event subscriber of {}", userName == null ? "(admin)" : userName);
                close();
                return;
            }
            schedule();
        }

        private void schedule() {
            if (done || !scheduled.compareAndSet(false, true)) {
                return;
            }
            // A busy stream (last write under the linger ago) waits out the rest of it so what
            // arrives meanwhile goes in the same write: a bounded number of writes a second per
            // stream under load; a quiet stream still writes at once.
            long now = System.nanoTime();
            long wait = lastWrite + lingerNanos - now;
            plannedAt = now + Math.max(0, wait);
            try {
                if (wait > 0) {
                    writers.schedule(this::drain, wait, TimeUnit.NANOSECONDS);
                } else {
                    writers.execute(this::drain);
                }
            } catch (RejectedExecutionException e) {
                scheduled.set(false); // the hub is closing
            }
        }

        private void drain() {
            long late = System.nanoTime() - plannedAt;
            writerLag.accumulateAndGet(late, Math::max);
            try {
                List<byte[]> batch = new ArrayList<>(Math.min(MAX_BATCH, buffer.size() + 1));
                buffer.drainTo(batch, MAX_BATCH);
                if (!batch.isEmpty() && beginWrite()) {
                    boolean failed = false;
                    try {
                        sink.write(concat(batch));
                        delivered.addAndGet(batch.size());
                        if (ending && buffer.isEmpty()) {
                            // The last event is out: end the response as a response ends (a chunked
                            // one with its last chunk), inside the write so a client that stopped
                            // reading is cut off like any stalled write. The abort below then does nothing.
                            sink.close();
                        }
                    } catch (java.io.IOException | RuntimeException e) {
                        LOG.debug("Event subscriber went away: {}", e.toString());
                        failed = true;
                    } finally {
                        endWrite();
                    }
                    if (failed || done || (ending && buffer.isEmpty())) {
                        close();
                        sink.abort();
                    }
                }
            } finally {
                scheduled.set(false);
                if (!buffer.isEmpty()) {
                    schedule();
                }
            }
        }

        private boolean beginWrite() {
            synchronized (lock) {
                if (done) {
                    return false;
                }
                writing = Thread.currentThread();
                writeStarted = System.nanoTime();
                return true;
            }
        }

        private void endWrite() {
            synchronized (lock) {
                writing = null;
                writeStarted = 0;
                lastWrite = System.nanoTime();
                // An interrupt meant for this write must not reach the next subscriber's.
                Thread.interrupted();
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

        /**
         * Ends the subscription and aborts its connection. A write in progress is interrupted
         * (the JDK server's connections then close at once); the writer aborts the connection
         * when it returns.
         */
        public void close() {
            Thread writer;
            synchronized (lock) {
                if (done) {
                    return;
                }
                done = true;
                writer = writing;
                if (writer != null) {
                    writer.interrupt();
                }
            }
            subscribers.remove(this);
            buffer.clear();
            release(owner);
            if (writer == null) {
                sink.abort();
            }
        }
    }
}
