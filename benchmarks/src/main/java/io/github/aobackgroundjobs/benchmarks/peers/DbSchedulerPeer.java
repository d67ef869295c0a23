package io.github.aobackgroundjobs.benchmarks.peers;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;

/**
 * db-scheduler 16.7.1 on PostgreSQL as its README recommends for throughput: lock-and-fetch
 * polling ({@code SELECT ... FOR UPDATE SKIP LOCKED}), a fixed thread count, a short polling
 * interval, and immediate execution for jobs due now. One-time tasks; a finished execution
 * is deleted, so finished = executions completed.
 */
final class DbSchedulerPeer implements Peer {

    private static final String TABLE = "CREATE TABLE IF NOT EXISTS scheduled_tasks (task_name TEXT NOT NULL,"
            + " task_instance TEXT NOT NULL, task_data BYTEA, execution_time TIMESTAMP WITH TIME ZONE NOT NULL,"
            + " picked BOOLEAN NOT NULL, picked_by TEXT, last_success TIMESTAMP WITH TIME ZONE,"
            + " last_failure TIMESTAMP WITH TIME ZONE, consecutive_failures INT,"
            + " last_heartbeat TIMESTAMP WITH TIME ZONE, version BIGINT NOT NULL, priority SMALLINT,"
            + " PRIMARY KEY (task_name, task_instance))";

    private final DataSource dataSource;
    private final int threads;
    private final Duration pollingInterval;
    private final LongAdder enqueued = new LongAdder();
    private final OneTimeTask<Long> noOp;
    private final OneTimeTask<Long> pickup;
    private Scheduler scheduler;

    DbSchedulerPeer(DataSource dataSource, int threads, Duration pollingInterval) {
        this.dataSource = dataSource;
        this.threads = threads;
        this.pollingInterval = pollingInterval;
        this.noOp = Tasks.oneTime("no-op", Long.class).execute((instance, context) -> PickupSignal.noOp());
        this.pickup = Tasks.oneTime("pickup", Long.class).execute((instance, context) -> PickupSignal.pickedUp());
    }

    @Override
    public String name() {
        return "db-scheduler (PostgreSQL)";
    }

    @Override
    public void open() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute(TABLE);
            s.execute("CREATE INDEX IF NOT EXISTS execution_time_idx ON scheduled_tasks (execution_time)");
            s.execute("CREATE INDEX IF NOT EXISTS last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
            s.execute("CREATE INDEX IF NOT EXISTS priority_execution_time_idx ON scheduled_tasks"
                    + " (priority DESC, execution_time ASC)");
            s.execute("TRUNCATE scheduled_tasks");
        }
        scheduler = Scheduler.create(dataSource, noOp, pickup)
                .threads(threads)
                .pollingInterval(pollingInterval)
                .pollUsingLockAndFetch(0.5, 1.0)
                .enableImmediateExecution()
                .build();
    }

    @Override
    public void startWorkers() {
        scheduler.start();
    }

    @Override
    public void enqueue(long sequence) {
        scheduler.schedule(noOp.instance("n" + sequence, sequence), Instant.now());
        enqueued.increment();
    }

    @Override
    public void enqueueBatch(long firstSequence, int count) {
        List<TaskInstance<?>> instances = new ArrayList<>(count);
        for (long i = firstSequence; i < firstSequence + count; i++) {
            instances.add(noOp.instance("n" + i, i));
        }
        scheduler.scheduleBatch(instances, Instant.now());
        enqueued.add(count);
    }

    @Override
    public String batchMethod() {
        return "scheduleBatch";
    }

    @Override
    public long finished() throws Exception {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM scheduled_tasks WHERE task_name = 'no-op'")) {
            rs.next();
            // A one-time execution is deleted when it completes: finished = enqueued - still there.
            return enqueued.sum() - rs.getLong(1);
        }
    }

    @Override
    public long pickupNanos() throws Exception {
        PickupSignal.arm();
        long start = System.nanoTime();
        scheduler.schedule(pickup.instance("p" + start, start), Instant.now());
        return PickupSignal.awaitPickup() - start;
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.stop();
        }
    }
}
