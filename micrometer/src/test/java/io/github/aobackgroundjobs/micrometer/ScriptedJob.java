package io.github.aobackgroundjobs.micrometer;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A job that does what its request says: sleep then return, throw, or block until released or cancelled. */
final class ScriptedJob<K> extends BackgroundJobBase<K, ScriptedJob.Script, String> {

    /** What a job does. */
    record Script(String action, long millis) {
        static Script ok(long millis) {
            return new Script("ok", millis);
        }

        static Script fail() {
            return new Script("fail", 0);
        }

        static Script block() {
            return new Script("block", 0);
        }
    }

    /** Released to let "block" jobs finish. */
    final CountDownLatch release = new CountDownLatch(1);
    /** Counted down when a "block" job starts. */
    final CountDownLatch blocked = new CountDownLatch(1);

    ScriptedJob(JobRepositoryBase<K> repository, JobOptions options) {
        super(repository, Script.class, String.class, options);
    }

    @Override
    protected String onExecute(Script script, JobContext<K> context) throws Exception {
        switch (script.action()) {
            case "ok" -> {
                Thread.sleep(script.millis());
                return "done";
            }
            case "fail" -> throw new IllegalStateException("planned failure");
            case "block" -> {
                blocked.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!release.await(10, TimeUnit.MILLISECONDS)) {
                    context.throwIfCancellationRequested();
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("neither released nor cancelled within 30 s");
                    }
                }
                return "released";
            }
            default -> throw new IllegalArgumentException("unknown action " + script.action());
        }
    }
}
