package io.github.aobackgroundjobs.micrometer.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.WorkerListener;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/metrics.md: one binding for several workers, a second listener, and the pickup time. */
class SeveralWorkersDocumentedTest {

    record MailRequest(String to) {}

    static final class MailJob extends BackgroundJobBase<Long, MailRequest, String> {
        MailJob(JobRepositoryBase<Long> repository) {
            super(repository, MailRequest.class, String.class);
        }

        @Override
        protected String onExecute(MailRequest request, JobContext<Long> context) {
            return "sent";
        }
    }

    @Test
    void oneBindingServesTwoWorkersOfTheirOwnNamesAndQueuesAndASecondListenerGetsTheSameEvents() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        List<String> events = new CopyOnWriteArrayList<>();
        WorkerListener other = new WorkerListener() {
            @Override
            public void onFinished(String queueName, String requestType, Outcome.Type outcome, Duration time) {
                events.add(queueName + " " + requestType + " " + outcome);
            }
        };
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry)) {
            QueueWorker reports = QueueWorker.builder(queue)
                    .name("reports-worker")
                    .job("reports", new ReportJob(repository))
                    .listener(metrics)
                    .listener(other)
                    .build();
            QueueWorker mails = QueueWorker.builder(queue)
                    .name("mail-worker")
                    .job("mails", new MailJob(repository))
                    .listener(metrics)
                    .build();
            metrics.bindTo(reports);
            metrics.bindTo(mails);
            try (reports;
                    mails) {
                reports.start();
                mails.start();
                var client = QueueJobClient.builder(repository, queue).build();
                Long r = client.queueJob("reports", "alice", new ReportRequest("daily"));
                Long m = client.queueJob("mails", "alice", new MailRequest("bob@example.org"));
                assertThat(client.awaitCompletion(r, Duration.ofSeconds(10)).getStatus())
                        .isEqualTo(JobStatus.SUCCEEDED);
                assertThat(client.awaitCompletion(m, Duration.ofSeconds(10)).getStatus())
                        .isEqualTo(JobStatus.SUCCEEDED);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (events.isEmpty()
                        || registry.find("backgroundjobs.jobs.finished")
                                        .tags("queue", "mails", "outcome", "succeeded")
                                        .counter()
                                == null
                        || registry.get("backgroundjobs.jobs.finished")
                                        .tags("queue", "mails", "outcome", "succeeded")
                                        .counter()
                                        .count()
                                < 1) {
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    Thread.sleep(20);
                }
                assertThat(registry.get("backgroundjobs.jobs.finished")
                                .tags("queue", "reports", "request.type", "ReportRequest", "outcome", "succeeded")
                                .counter()
                                .count())
                        .isEqualTo(1);
                assertThat(registry.get("backgroundjobs.jobs.finished")
                                .tags("queue", "mails", "request.type", "MailRequest", "outcome", "succeeded")
                                .counter()
                                .count())
                        .isEqualTo(1);
                assertThat(registry.find("backgroundjobs.jobs.running").gauges())
                        .extracting(g -> g.getId().getTag("worker"))
                        .containsExactlyInAnyOrder("reports-worker", "mail-worker");
                assertThat(registry.find("backgroundjobs.queue.length").gauges())
                        .extracting(g -> g.getId().getTag("queue"))
                        .containsExactlyInAnyOrder("reports", "mails");
                assertThat(events).containsExactly("reports ReportRequest SUCCEEDED");
            }
        }
    }

    @Test
    void pickupCountsFromTheJobBeingDueNotFromItsQueueing() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry)) {
            QueueWorker worker = QueueWorker.builder(queue)
                    .name("w")
                    .job("reports", new ReportJob(repository))
                    .listener(metrics)
                    .build();
            metrics.bindTo(worker);
            try (worker) {
                worker.start();
                var client = QueueJobClient.builder(repository, queue).build();
                Long id = client.queueJob(
                        "reports", "alice", "ReportRequest", new ReportRequest("d"), Duration.ofSeconds(2));
                assertThat(client.awaitCompletion(id, Duration.ofSeconds(15)).getStatus())
                        .isEqualTo(JobStatus.SUCCEEDED);
                var pickup = registry.get("backgroundjobs.jobs.pickup").timer();
                assertThat(pickup.count()).isEqualTo(1);
                assertThat(pickup.totalTime(TimeUnit.MILLISECONDS))
                        .as("the 2 s delay is not waiting")
                        .isLessThan(1_500);
            }
        }
    }
}
