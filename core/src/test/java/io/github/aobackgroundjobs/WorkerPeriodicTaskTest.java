package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.EchoJob;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The worker's periodic-task hook: runs on its own thread, survives failures, stops with the worker. */
class WorkerPeriodicTaskTest {

    @Test
    void periodicTasks_runRepeatedly_failuresDoNotStopThem_closeStopsThem() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        AtomicInteger ticks = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        QueueWorker worker = QueueWorker.builder(queue)
                .job("echo", new EchoJob<>(repository, JobOptions.defaults()))
                .periodicTask("counter", Duration.ofMillis(10), ticks::incrementAndGet)
                .periodicTask("failing", Duration.ofMillis(10), () -> {
                    failures.incrementAndGet();
                    throw new IllegalStateException("boom");
                })
                .build();
        assertThat(ticks.get()).isZero();
        worker.start();
        Await.until(Duration.ofSeconds(10), "both tasks ran five times", () -> ticks.get() >= 5 && failures.get() >= 5);
        assertThat(worker.isRunning()).isTrue();
        worker.close();
        int after = ticks.get();
        sleep(100);
        assertThat(ticks.get()).isLessThanOrEqualTo(after + 1);
    }

    @Test
    void periodicTask_rejectsBadArguments() {
        QueueWorker.Builder builder = QueueWorker.builder(new InMemoryJobQueue());
        assertThatThrownBy(() -> builder.periodicTask(" ", Duration.ofSeconds(1), () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> builder.periodicTask("t", Duration.ZERO, () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'interval'");
        assertThatThrownBy(() -> builder.periodicTask("t", Duration.ofSeconds(1), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'task'");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
