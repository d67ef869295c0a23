package io.github.aobackgroundjobs.chaos;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.MissedFirePolicy;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A worker process of the recurring-jobs proof: declares the one-second schedule, fires due
 * schedules on the worker's timer every 100 ms and runs the fired jobs. Runs until killed.
 *
 * <p>Arguments: PostgreSQL port, status file.
 */
public final class RecurringWorkerMain {

    static final String NAME = "tick";
    static final String QUEUE = "ticks";
    static final Duration LATENESS = Duration.ofSeconds(10);

    private RecurringWorkerMain() {}

    /**
     * @param args port, status file
     * @throws Exception if the process cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path status = Path.of(args[1]);
        HikariDataSource pool =
                ChaosStores.pool(port, 4, "recurring-" + ProcessHandle.current().pid());
        JdbiJobRepository<Long> repository = ChaosStores.repositoryWhenReachable(pool);
        JdbiRecurringJobStore<Long> store =
                JdbiRecurringJobStore.builder(pool, repository).build();
        InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(store, queue)
                .declare(definition())
                .retention(RetentionPolicy.disabled())
                .pollInterval(Duration.ofMillis(100))
                .build();
        QueueWorker worker = scheduler
                .registerWith(QueueWorker.builder(queue))
                .job(QUEUE, new TickJob(repository))
                .concurrency(2)
                .name("recurring-" + ProcessHandle.current().pid())
                .build()
                .start();
        Files.writeString(status, "pid=" + ProcessHandle.current().pid() + "\nstarted\n");
        Runtime.getRuntime().addShutdownHook(new Thread(worker::close));
        Thread.sleep(Long.MAX_VALUE);
    }

    static RecurringJob definition() {
        return RecurringJob.builder(NAME)
                .every(Duration.ofSeconds(1))
                .queue(QUEUE)
                .user("chaos")
                .request(new TickJob.Tick("tick"))
                .missedFirePolicy(MissedFirePolicy.SKIP)
                .lateness(LATENESS)
                .build();
    }
}
