package io.github.aobackgroundjobs.samples.quickstart;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Queues a few report jobs, runs them with a QueueWorker on the in-memory queue and
 * repository, and prints what a user's notification bell would show: every status change,
 * progress, the results, a job retried until it succeeded and a failed job's error.
 */
public final class QuickstartApp {

    private static final String QUEUE = "reports";

    private QuickstartApp() {}

    public static void main(String[] args) throws InterruptedException {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        JobSerializer json = JobSerializer.defaults();
        Map<Long, JobStatus> lastStatus = new ConcurrentHashMap<>();

        repository.updates().addListener(job -> {
            JobStatus previous = lastStatus.put(job.getId(), job.getStatus());
            if (previous != job.getStatus()) {
                System.out.printf("job %d %-12s %s%n", job.getId(), job.getStatus(), describe(job));
            } else if (job.getProgressPercent() != null) {
                System.out.printf(
                        "job %d   progress %3d%% %s%n",
                        job.getId(), job.getProgressPercent(), job.getProgressMessage());
            }
        });

        JobOptions options = JobOptions.builder()
                .retryPolicy(RetryPolicy.fixed(3, Duration.ofMillis(500)))
                .progressInterval(Duration.ofMillis(200))
                .build();
        ReportJob reportJob = new ReportJob(repository, options);
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();

        try (QueueWorker worker = QueueWorker.builder(queue)
                .job(QUEUE, reportJob)
                .concurrency(4)
                .build()
                .start()) {
            List<Long> ids = List.of(
                    client.queueJob(QUEUE, "alice", new ReportRequest("Sales Q3", 5, 0)),
                    client.queueJob(QUEUE, "alice", new ReportRequest("Inventory", 3, 0)),
                    client.queueJob(QUEUE, "bob", new ReportRequest("Flaky Export", 2, 2)),
                    client.queueJob(QUEUE, "bob", new ReportRequest("Broken Import", 2, 99)));

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ids.stream().allMatch(id -> repository.getJob(id).isCompleted())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the jobs did not finish within 30 s");
                }
                Thread.sleep(50);
            }

            System.out.println();
            System.out.println("Results:");
            for (long id : ids) {
                BackgroundJobInfo<Long> job = repository.getJob(id);
                System.out.printf(
                        "  job %d (%s, user %s): %s after %d attempt(s)%n",
                        id,
                        json.readRequest(job, ReportRequest.class).title(),
                        job.getUserName(),
                        job.getStatus(),
                        job.getAttempts());
                if (job.getStatus() == JobStatus.SUCCEEDED) {
                    ReportResult result =
                            json.readResult(job, ReportResult.class).orElseThrow();
                    System.out.printf(
                            "      result: %s, %d pages, ran %d ms%n",
                            result.fileName(), result.pages(), job.getDurationMillis());
                } else {
                    System.out.printf(
                            "      error: %s%n",
                            json.readError(job).orElseThrow().message());
                }
            }
        }
    }

    private static String describe(BackgroundJobInfo<Long> job) {
        return switch (job.getStatus()) {
            case PENDING ->
                job.getAttempts() == 0
                        ? "queued by " + job.getUserName()
                        : "will retry: "
                                + JobSerializer.defaults()
                                        .readError(job)
                                        .map(e -> e.message())
                                        .orElse("");
            case RUNNING -> "attempt " + job.getAttempts();
            case SUCCEEDED -> "in " + job.getDurationMillis() + " ms";
            case FAILED, ABORTED ->
                JobSerializer.defaults().readError(job).map(e -> e.message()).orElse("");
            case CANCELLED -> "";
        };
    }
}
