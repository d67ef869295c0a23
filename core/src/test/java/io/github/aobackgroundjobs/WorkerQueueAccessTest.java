package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import io.github.aobackgroundjobs.support.FaultyQueue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Credentials the queue refuses: {@code start()} fails through {@code JobQueue.checkAccess}, an
 * unreachable queue at start still starts and backs off, and a refusal at run time is logged at
 * ERROR once per back-off, not once per poll. (Against Azurite: azure-queue's QueueAccessTest.)
 */
class WorkerQueueAccessTest {

    private static final String QUEUE = "echo";

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final FaultyQueue queue = new FaultyQueue(new InMemoryJobQueue());
    private final EchoJob<Long> job = new EchoJob<>(repository, JobOptions.defaults());

    private QueueWorker worker() {
        return QueueWorker.builder(queue)
                .job(QUEUE, job)
                .name("access")
                .maxOutageBackoff(Duration.ofMillis(200))
                .build();
    }

    @Test
    void startFailsWhenTheCredentialsAreRefused_andSucceedsOnceTheyAreFixed() {
        queue.setDenied(true);
        QueueWorker worker = worker();
        try {
            assertThatThrownBy(worker::start)
                    .isInstanceOf(JobQueueAccessDeniedException.class)
                    .hasMessageContaining("Queue 'echo'")
                    .hasMessageContaining("'testaccount'");

            queue.setDenied(false);
            worker.start();
            long id = QueueJobClient.builder(repository, queue).build().queueJob(QUEUE, "u", EchoRequest.ok("x"));
            Await.until(
                    Duration.ofSeconds(10),
                    "the job ran",
                    () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
        } finally {
            worker.close();
        }
    }

    @Test
    void anUnreachableQueueAtStartStillStarts_andTheWorkerBacksOffUntilItAnswers() throws InterruptedException {
        queue.setDown(true);
        QueueWorker worker = worker().start();
        try {
            Thread.sleep(300); // polls that fail and back off
            queue.setDown(false);
            long id = QueueJobClient.builder(repository, queue).build().queueJob(QUEUE, "u", EchoRequest.ok("x"));
            Await.until(
                    Duration.ofSeconds(10),
                    "the job ran",
                    () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
        } finally {
            worker.close();
        }
    }

    @Test
    void aRefusalAtRunTimeIsLoggedAtErrorOncePerBackOff() {
        QueueWorker worker = worker().start();
        try {
            String log = captureStandardError(() -> {
                for (int episode = 0; episode < 2; episode++) {
                    int before = queue.refusals();
                    queue.setDenied(true);
                    Await.until(Duration.ofSeconds(20), "ten refused polls", () -> queue.refusals() >= before + 10);
                    queue.setDenied(false);
                    long id =
                            QueueJobClient.builder(repository, queue).build().queueJob(QUEUE, "u", EchoRequest.ok("x"));
                    Await.until(
                            Duration.ofSeconds(10),
                            "the worker receives again",
                            () -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED);
                }
            });

            long errors = log.lines()
                    .filter(l -> l.contains("ERROR") && l.contains("refuses this process's credentials"))
                    .count();
            assertThat(queue.refusals()).isGreaterThanOrEqualTo(20);
            assertThat(errors).as(log).isEqualTo(2);
            assertThat(log).contains("'testaccount'").contains("Queue 'echo'");
        } finally {
            worker.close();
        }
    }

    /** slf4j-simple writes to whatever System.err is at the time of each line. */
    private static String captureStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
