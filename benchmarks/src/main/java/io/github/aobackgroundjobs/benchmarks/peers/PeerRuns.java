package io.github.aobackgroundjobs.benchmarks.peers;

import io.github.aobackgroundjobs.benchmarks.support.CpuTime;
import io.github.aobackgroundjobs.benchmarks.support.StatementStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The measured runs of the peer benchmark, each a row of one markdown table: end to end
 * (single or batch enqueue while the workers run), backlog (enqueue with no worker, then the
 * drain) and idle pickup. Each library's run first warms up with the same jobs end to end.
 */
final class PeerRuns {

    /** The table's header; every row has its 13 cells. */
    static final String HEADER = "| workload | library | jobs | enqueue s | enqueue jobs/s | total s | jobs/s"
            + " | JVM CPU µs/job | servers CPU µs/job | latency p50 ms | p90 ms | p95 ms | max ms |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|---|";

    /** Sequence numbers of the warm-up jobs, far from those of the measured ones. */
    private static final long WARMUP_SEQUENCE = 1_000_000_000L;

    private final StringBuilder report;
    private final long timeoutNanos;
    private final String only;

    /**
     * @param report where the rows go (and to standard output)
     * @param budget each library's time budget for one workload; what it finished by then is reported
     * @param only workload prefixes or library name parts, comma-separated; blank for all
     */
    PeerRuns(StringBuilder report, Duration budget, String only) {
        this.report = report;
        this.timeoutNanos = budget.toNanos();
        this.only = only;
    }

    private StatementStats statements;
    private final List<String> statementReports = new ArrayList<>();

    /**
     * Reports the statements of each measured end-to-end run on PostgreSQL (see
     * {@link StatementStats}); they are written after the table by {@link #statementReports()}.
     *
     * @param statements the statistics of the server the runs use
     */
    void countStatements(StatementStats statements) {
        this.statements = statements;
    }

    /** Writes the statement reports gathered so far to the report, and forgets them. */
    void statementReports() {
        statementReports.forEach(this::row);
        statementReports.clear();
    }

    /**
     * Jobs enqueued while the workers run, until all have finished, then {@code pickups} single
     * jobs 0.5-1.5 s apart on the idle system.
     *
     * @param batchSize jobs per call of the library's batch method; 0 to enqueue one per call
     */
    void endToEnd(
            String workload,
            int jobs,
            int pickups,
            int producers,
            int batchSize,
            Supplier<Duration> serverCpu,
            Supplier<Peer> make)
            throws Exception {
        if (!selected(workload, make)) {
            return;
        }
        try (Peer peer = make.get()) {
            peer.start();
            warmUp(peer, producers, jobs);
            long before = peer.finished();
            System.gc();
            PickupSignal.RUNS.reset();
            boolean counted = statements != null && workload.contains("PostgreSQL");
            if (counted) {
                statements.reset();
            }
            CpuSince cpu = CpuSince.now(serverCpu);
            long start = System.nanoTime();
            if (batchSize > 0) {
                enqueueBatches(peer, jobs, producers, batchSize, 0);
            } else {
                enqueueAll(peer, jobs, producers, 0);
            }
            double enqueueSeconds = (System.nanoTime() - start) / 1e9;
            long finished = awaitFinished(peer, jobs, before, start + timeoutNanos);
            double totalSeconds = (System.nanoTime() - start) / 1e9;
            double jvmCpu = cpu.jvmMicrosPerJob(jobs);
            double serverCpuPerJob = cpu.serverMicrosPerJob(jobs);
            if (counted) {
                statementReports.addAll(statements.report(workload + ", " + peer.name(), jobs));
            }
            String name = peer.name()
                    + (batchSize > 0 ? ", " + peer.batchMethod() : "")
                    + (peer instanceof JobRunrPeer j
                            ? ", poll " + j.effectivePollInterval().toMillis() + " ms"
                            : "");
            if (finished < jobs) {
                unfinished(workload, name, jobs, enqueueSeconds, finished, totalSeconds, jvmCpu, serverCpuPerJob);
                return;
            }
            String latency = "- | - | - | -";
            if (pickups > 0) {
                long[] pickup = new long[pickups];
                Random random = new Random(42);
                for (int i = 0; i < pickups; i++) {
                    Thread.sleep(500 + random.nextInt(1000));
                    pickup[i] = peer.pickupNanos();
                }
                latency = latency(pickup);
            }
            row(String.format(
                    "| %s | %s | %,d | %.1f | %,.0f | %.1f | %,.0f | %,.0f | %,.0f | %s |",
                    workload,
                    name,
                    jobs,
                    enqueueSeconds,
                    jobs / enqueueSeconds,
                    totalSeconds,
                    jobs / totalSeconds,
                    jvmCpu,
                    serverCpuPerJob,
                    latency));
        }
    }

    /** The sustained workload's table header; written once, after the main table. */
    static final String SUSTAINED_HEADER = "| workload | library | window | jobs through the table before it | s"
            + " | jobs/s | JVM CPU µs/job | PostgreSQL CPU µs/job | live rows after | dead rows after"
            + " | table + indexes MB after | autovacuums since window 1 |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|---|";

    private final List<String> sustainedRows = new ArrayList<>();

    /**
     * Sustained load: {@code windows} runs of {@code jobs} jobs each, back to back on one started
     * library with no warm-up of its own (the first windows are it), enqueued by {@code producers}
     * threads while the workers run, each window timed until all its jobs finished. One row per
     * window, with the library's table as PostgreSQL's statistics see it after the window
     * (autovacuum as the server is configured), then the median of the second half of the windows.
     * The rows go after the main table ({@link #sustainedReports()}).
     *
     * @param table the library's table in PostgreSQL, for its statistics
     */
    void sustained(
            String workload,
            int windows,
            int jobs,
            int producers,
            Supplier<Duration> serverCpu,
            DataSource dataSource,
            String table,
            Supplier<Peer> make)
            throws Exception {
        if (!selected(workload, make)) {
            return;
        }
        try (Peer peer = make.get()) {
            peer.start();
            double[] rates = new double[windows];
            int completed = 0;
            TableActivity first = TableActivity.of(dataSource, table);
            for (int w = 0; w < windows; w++) {
                long before = peer.finished();
                PickupSignal.RUNS.reset();
                CpuSince cpu = CpuSince.now(serverCpu);
                long start = System.nanoTime();
                enqueueAll(peer, jobs, producers, WARMUP_SEQUENCE + (long) w * jobs);
                long finished = awaitFinished(peer, jobs, before, start + timeoutNanos);
                double seconds = (System.nanoTime() - start) / 1e9;
                double jvmCpu = cpu.jvmMicrosPerJob(jobs);
                double serverCpuPerJob = cpu.serverMicrosPerJob(jobs);
                TableActivity after = TableActivity.of(dataSource, table);
                long autovacuums = after.autovacuums() - first.autovacuums();
                rates[w] = finished / seconds;
                sustainedRows.add(String.format(
                        "| %s | %s | %d | %,d | %.1f | %,.0f%s | %,.0f | %,.0f | %,d | %,d | %,.0f | %d |",
                        workload,
                        peer.name(),
                        w + 1,
                        (long) w * jobs,
                        seconds,
                        rates[w],
                        finished < jobs ? String.format(" (did not finish: %,d of %,d)", finished, jobs) : "",
                        jvmCpu,
                        serverCpuPerJob,
                        after.liveRows(),
                        after.deadRows(),
                        after.bytes() / 1e6,
                        autovacuums));
                if (finished < jobs) {
                    break;
                }
                completed++;
            }
            if (completed < windows) {
                return;
            }
            sustainedRows.add(String.format(
                    "| %s | %s | median of windows %d-%d | | | **%,.0f** | | | | | | |",
                    workload,
                    peer.name(),
                    windows / 2 + 1,
                    windows,
                    median(Arrays.copyOfRange(rates, windows / 2, windows))));
        }
    }

    /** Writes the sustained workload's rows gathered so far, under their own header, and forgets them. */
    void sustainedReports() {
        if (sustainedRows.isEmpty()) {
            return;
        }
        row("");
        row(SUSTAINED_HEADER);
        sustainedRows.forEach(this::row);
        sustainedRows.clear();
    }

    /**
     * A backlog: all jobs enqueued by {@code producers} threads with no worker running, then
     * the workers started and the drain timed. The warm-up runs on an instance of its own,
     * started and closed before, since the measured one must not have started its workers.
     * Total s and jobs/s are the drain's, from starting the workers.
     *
     * @param enqueueCpuOnly whether the CPU columns cover the enqueue alone (else the enqueue's
     *     and the drain's together)
     */
    void backlog(
            String workload,
            int jobs,
            int producers,
            boolean enqueueCpuOnly,
            Supplier<Duration> serverCpu,
            Supplier<Peer> make)
            throws Exception {
        if (!selected(workload, make)) {
            return;
        }
        try (Peer warm = make.get()) {
            warm.start();
            warmUp(warm, producers, jobs);
        }
        try (Peer peer = make.get()) {
            peer.open();
            long before = peer.finished();
            System.gc();
            PickupSignal.RUNS.reset();
            Duration jvmCpuBefore = CpuTime.self();
            Duration serverCpuBefore = serverCpu.get();
            long start = System.nanoTime();
            enqueueAll(peer, jobs, producers, 0);
            double enqueueSeconds = (System.nanoTime() - start) / 1e9;
            Duration jvmCpuEnqueued = CpuTime.self();
            Duration serverCpuEnqueued = serverCpu.get();
            long drainStart = System.nanoTime();
            peer.startWorkers();
            long finished = awaitFinished(peer, jobs, before, drainStart + timeoutNanos);
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            Duration jvmCpuEnd = enqueueCpuOnly ? jvmCpuEnqueued : CpuTime.self();
            Duration serverCpuEnd = enqueueCpuOnly ? serverCpuEnqueued : serverCpu.get();
            double jvmCpu = jvmCpuEnd.minus(jvmCpuBefore).toNanos() / 1e3 / jobs;
            double serverCpuPerJob = serverCpuEnd.minus(serverCpuBefore).toNanos() / 1e3 / jobs;
            String name = peer.name()
                    + (peer instanceof JobRunrPeer j
                            ? ", poll " + j.effectivePollInterval().toMillis() + " ms"
                            : "");
            if (finished < jobs) {
                unfinished(workload, name, jobs, enqueueSeconds, finished, drainSeconds, jvmCpu, serverCpuPerJob);
                return;
            }
            row(String.format(
                    "| %s | %s | %,d | %.1f | %,.0f | %.1f | %,.0f | %,.0f | %,.0f | - | - | - | - |",
                    workload,
                    name,
                    jobs,
                    enqueueSeconds,
                    jobs / enqueueSeconds,
                    drainSeconds,
                    jobs / drainSeconds,
                    jvmCpu,
                    serverCpuPerJob));
        }
    }

    /**
     * Pickup after idle gaps, the libraries interleaved: all are opened and warmed up, then in
     * each of {@code samples} rounds every library, in a shuffled order, gets one single job
     * after a random 1-4 s pause with nothing else to do; time from the enqueue call to the body
     * starting. Interleaved because run one after another, whichever ran later in the JVM's life
     * picked up faster (each library alone in a fresh JVM: ours 2.1 and 2.1 ms p50, db-scheduler
     * 2.2 and 2.5; in one run ours first, 1.8-2.1 against 1.2-1.5).
     *
     * @param jobs the workload's job count: the warm-up's
     */
    void idlePickups(String workload, int samples, int jobs, List<Supplier<Peer>> makes) throws Exception {
        List<Peer> peers = new ArrayList<>();
        try {
            for (Supplier<Peer> make : makes) {
                if (selected(workload, make)) {
                    Peer peer = make.get();
                    peers.add(peer);
                    peer.start();
                    warmUp(peer, 1, jobs);
                }
            }
            long[][] pickup = new long[peers.size()][samples];
            Random random = new Random(42);
            List<Integer> order = new ArrayList<>();
            for (int p = 0; p < peers.size(); p++) {
                order.add(p);
            }
            for (int i = 0; i < samples; i++) {
                Collections.shuffle(order, random);
                for (int p : order) {
                    Thread.sleep(1_000 + random.nextInt(3_001));
                    pickup[p][i] = peers.get(p).pickupNanos();
                }
            }
            for (int p = 0; p < peers.size(); p++) {
                row(String.format(
                        "| %s | %s | %,d | - | - | - | - | - | - | %s |",
                        workload, peers.get(p).name(), samples, latency(pickup[p])));
            }
        } finally {
            Exception failure = null;
            for (Peer peer : peers) {
                try {
                    peer.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }

    /**
     * The same warm-up for every library, so that none pays the JIT's compile time in its figures:
     * as many jobs as the run (at most 20,000). A tenth was too little: one producer thread queued
     * 6,396 jobs/s after 2,000 warm-up jobs and 7,742 after 40,000, its JVM CPU per job 178 and
     * 127 µs, the compiler threads still busy.
     */
    private void warmUp(Peer peer, int producers, int jobs) throws Exception {
        int warmup = Integer.getInteger("warmupJobs", Math.min(20_000, Math.max(1, jobs)));
        long before = peer.finished();
        PickupSignal.RUNS.reset();
        enqueueAll(peer, warmup, producers, WARMUP_SEQUENCE);
        awaitFinished(peer, warmup, before, System.nanoTime() + timeoutNanos);
    }

    /** @return jobs finished since {@code before}, once all or at the deadline */
    private static long awaitFinished(Peer peer, int jobs, long before, long deadline) throws Exception {
        // Wait on the bodies' counter first: asking a store for its count is not free (JobRunr's
        // in-memory count scans every job), and polling it often would slow the peer down.
        while (PickupSignal.RUNS.sum() < jobs && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        long finished;
        while ((finished = peer.finished() - before) < jobs && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return finished;
    }

    private static void enqueueAll(Peer peer, int jobs, int producers, long firstSequence) throws Exception {
        AtomicLong next = new AtomicLong(firstSequence);
        long end = firstSequence + jobs;
        inParallel(producers, () -> {
            long i;
            while ((i = next.getAndIncrement()) < end) {
                peer.enqueue(i);
            }
        });
    }

    private static void enqueueBatches(Peer peer, int jobs, int producers, int batchSize, long firstSequence)
            throws Exception {
        AtomicLong next = new AtomicLong(firstSequence);
        long end = firstSequence + jobs;
        inParallel(producers, () -> {
            long first;
            while ((first = next.getAndAdd(batchSize)) < end) {
                peer.enqueueBatch(first, (int) Math.min(batchSize, end - first));
            }
        });
    }

    /** A producer's loop; it may throw, which ends it and the run. */
    private interface Producer {
        void run() throws Exception;
    }

    private static void inParallel(int threads, Producer producer) throws Exception {
        List<Thread> started = new ArrayList<>();
        List<Exception> errors = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            producer.run();
                        } catch (Exception e) {
                            errors.add(e);
                        }
                    },
                    "producer-" + t);
            thread.start();
            started.add(thread);
        }
        for (Thread thread : started) {
            thread.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }

    private void unfinished(
            String workload,
            String name,
            int jobs,
            double enqueueSeconds,
            long finished,
            double seconds,
            double jvmCpu,
            double serverCpu) {
        row(String.format(
                "| %s | %s | %,d | %.1f | %,.0f | did not finish: %,d done in %.0f s | %,.0f | %,.0f | %,.0f"
                        + " | - | - | - | - |",
                workload,
                name,
                jobs,
                enqueueSeconds,
                jobs / enqueueSeconds,
                finished,
                seconds,
                finished / seconds,
                jvmCpu,
                serverCpu));
    }

    /** @return whether {@code -Donly} selects the run */
    private boolean selected(String workload, Supplier<Peer> make) {
        return selects(only, workload, describe(make));
    }

    /**
     * @param only workload prefixes or library name parts, separated by commas not followed by a
     *     space (workload names hold ", "); blank for all. An entry {@code prefix&part} selects only
     *     that library in that workload.
     * @return whether {@code only} names the workload (by prefix) or the library (by a part of its name)
     */
    static boolean selects(String only, String workload, String library) {
        if (only.isBlank()) {
            return true;
        }
        return Arrays.stream(only.split(",(?! )")).anyMatch(entry -> {
            int and = entry.indexOf('&');
            if (and >= 0) {
                return workload.startsWith(entry.substring(0, and)) && library.contains(entry.substring(and + 1));
            }
            return workload.startsWith(entry) || library.contains(entry);
        });
    }

    /** The name a peer will have, without starting it (peers connect only in open()). */
    private static String describe(Supplier<Peer> make) {
        try (Peer peer = make.get()) {
            return peer.name();
        } catch (Exception e) {
            return "";
        }
    }

    /** This JVM's and the servers' CPU from a moment on, per job of a run. */
    private record CpuSince(Duration jvm, Duration server, Supplier<Duration> serverCpu) {

        static CpuSince now(Supplier<Duration> serverCpu) {
            return new CpuSince(CpuTime.self(), serverCpu.get(), serverCpu);
        }

        double jvmMicrosPerJob(int jobs) {
            return CpuTime.self().minus(jvm).toNanos() / 1e3 / jobs;
        }

        double serverMicrosPerJob(int jobs) {
            return serverCpu.get().minus(server).toNanos() / 1e3 / jobs;
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String latency(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                "%.1f | %.1f | %.1f | %.1f",
                ms(sorted, 50), ms(sorted, 90), ms(sorted, 95), sorted[sorted.length - 1] / 1e6);
    }

    private static double ms(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** Appends a line to the report and prints it. */
    void row(String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }
}
