package io.github.aobackgroundjobs.support;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/** A job for tests: counts its runs per id, records status hook calls, fails or waits on request. */
public class EchoJob<K> extends BackgroundJobBase<K, EchoRequest, EchoResult> {

    public final Map<K, AtomicInteger> runs = new ConcurrentHashMap<>();
    public final List<String> statusCalls = new CopyOnWriteArrayList<>();
    public final CountDownLatch started = new CountDownLatch(1);
    public volatile CountDownLatch release;
    public volatile boolean hookThrows;
    public volatile BiConsumer<K, JobStatus> statusHook;

    public EchoJob(JobRepositoryBase<K> repository, JobOptions options) {
        super(repository, EchoRequest.class, EchoResult.class, options);
    }

    @Override
    protected EchoResult onExecute(EchoRequest request, JobContext<K> context) throws Exception {
        runs.computeIfAbsent(context.id(), k -> new AtomicInteger()).incrementAndGet();
        started.countDown();
        CountDownLatch gate = release;
        if (gate != null && !gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("test gate never opened");
        }
        for (int i = 1; i <= request.progressSteps(); i++) {
            context.reportProgress(i * 100 / request.progressSteps(), "step " + i);
        }
        if (request.sleepMillis() > 0) {
            Thread.sleep(request.sleepMillis());
        }
        if (request.waitForCancel()) {
            for (int i = 0; i < 3000; i++) {
                context.throwIfCancellationRequested();
                Thread.sleep(10);
            }
            throw new IllegalStateException("never cancelled");
        }
        if (context.attempt() <= request.failTimes()) {
            throw new IllegalStateException("planned failure " + context.attempt() + " of " + request.failTimes());
        }
        return new EchoResult(request.text(), context.attempt());
    }

    @Override
    protected void onStatusUpdated(K id, JobStatus status) {
        BiConsumer<K, JobStatus> hook = statusHook;
        if (hook != null) {
            hook.accept(id, status);
            return;
        }
        statusCalls.add(id + ":" + status);
        if (hookThrows) {
            throw new IllegalStateException("hook failure");
        }
    }

    public int runsOf(K id) {
        AtomicInteger n = runs.get(id);
        return n == null ? 0 : n.get();
    }
}
