package io.github.aobackgroundjobs.micrometer.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Audit of docs/metrics.md, read as a new user. */
class DocumentedRulesTest {

    private static Set<String> ids(MeterRegistry registry) {
        return registry.getMeters().stream()
                .map(Meter::getId)
                .map(id -> id.getName() + " " + id.getType() + " "
                        + id.getTags().stream().map(t -> t.getKey()).sorted().collect(Collectors.joining(",")))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void theSnippetRegistersTheDocumentedMetersWithTheDocumentedTags() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        BackgroundJobBase<Long, ?, ?> job = new ReportJob(repository);
        // -- the doc's snippet, verbatim
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
        QueueWorker worker = QueueWorker.builder(queue)
                .name("reports-worker")
                .job("reports", job)
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
        worker.start();
        // --
        try (worker;
                metrics) {
            var client = QueueJobClient.builder(repository, queue).build();
            Long id = client.queueJob("reports", "alice", new ReportRequest("daily"));
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (registry.find("backgroundjobs.jobs.finished")
                                    .tag("outcome", "succeeded")
                                    .counter()
                            == null
                    || registry.find("backgroundjobs.jobs.finished")
                                    .tag("outcome", "succeeded")
                                    .counter()
                                    .count()
                            < 1) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(ids(registry))
                    .contains(
                            "backgroundjobs.jobs.finished COUNTER outcome,queue,request.type",
                            "backgroundjobs.jobs.execution TIMER outcome,queue,request.type",
                            "backgroundjobs.jobs.pickup TIMER queue,request.type",
                            "backgroundjobs.jobs.running GAUGE worker",
                            "backgroundjobs.store.down GAUGE worker",
                            "backgroundjobs.queue.length GAUGE queue");
            // every outcome registered on the first delivery, with zeros
            for (String outcome : List.of(
                    "succeeded", "failed", "retry", "cancelled", "already_done", "aborted", "busy", "rejected")) {
                assertThat(registry.find("backgroundjobs.jobs.finished")
                                .tags("outcome", outcome, "queue", "reports")
                                .counter())
                        .as(outcome)
                        .isNotNull();
                assertThat(registry.find("backgroundjobs.jobs.execution")
                                .tags("outcome", outcome, "queue", "reports")
                                .timer())
                        .as(outcome)
                        .isNotNull();
            }
            assertThat(registry.get("backgroundjobs.jobs.finished")
                            .tag("outcome", "succeeded")
                            .counter()
                            .getId()
                            .getTag("request.type"))
                    .isEqualTo("ReportRequest");
            assertThat(registry.get("backgroundjobs.jobs.running")
                            .gauge()
                            .getId()
                            .getTag("worker"))
                    .isEqualTo("reports-worker");
            assertThat(registry.get("backgroundjobs.queue.length")
                            .gauge()
                            .getId()
                            .getBaseUnit())
                    .isEqualTo("messages");
        }
    }

    @Test
    void prometheusNamesAreAsDocumented() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        JobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
        QueueWorker worker = startedWorker("reports-worker", queue, new ReportJob(repository), metrics);
        try (worker;
                metrics) {
            var client = QueueJobClient.builder(repository, queue).build();
            Long id = client.queueJob("reports", "alice", new ReportRequest("daily"));
            client.awaitCompletion(id, Duration.ofSeconds(10));
            Thread.sleep(200);
            String scrape = registry.scrape();
            assertThat(scrape)
                    .contains(
                            "backgroundjobs_jobs_finished_total{outcome=\"succeeded\",queue=\"reports\",request_type=\"ReportRequest\"}",
                            "backgroundjobs_jobs_execution_seconds_count",
                            "backgroundjobs_jobs_execution_seconds_sum",
                            "backgroundjobs_jobs_execution_seconds_max",
                            "backgroundjobs_jobs_pickup_seconds_count",
                            "backgroundjobs_jobs_running{",
                            "backgroundjobs_store_down{",
                            "backgroundjobs_queue_length_messages{");
        }
    }

    @Test
    void aMessageWithNoJobIdCountsRejected() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        var repository = InMemoryJobRepository.withLongKeys();
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
        QueueWorker worker = startedWorker("w", queue, new ReportJob(repository), metrics);
        try (worker;
                metrics) {
            queue.send("reports", Base64.getEncoder().encodeToString("\"not-a-number\"".getBytes()), Duration.ZERO);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (registry
                            .find("backgroundjobs.jobs.finished")
                            .tag("outcome", "rejected")
                            .tag("queue", "reports")
                            .counters()
                            .stream()
                            .mapToDouble(c -> c.count())
                            .sum()
                    < 1) {
                assertThat(System.nanoTime()).as("a rejected count").isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    @Test
    void queueLengthReadsNaNBeforeTheFirstAnswerAndRefreshDefaultIs15s() {
        assertThat(BackgroundJobsMetrics.DEFAULT_QUEUE_LENGTH_REFRESH).isEqualTo(Duration.ofSeconds(15));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // a queue that never answers its length
        JobQueue slow = new io.github.aobackgroundjobs.testkit.ForwardingJobQueue(new InMemoryJobQueue()) {
            @Override
            public java.util.OptionalLong approximateLength(String queueName) {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.approximateLength(queueName);
            }
        };
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry, Duration.ofSeconds(60));
        QueueWorker worker = QueueWorker.builder(slow)
                .job("reports", new ReportJob(InMemoryJobRepository.withLongKeys()))
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
        try (metrics) {
            assertThat(registry.get("backgroundjobs.queue.length").gauge().value())
                    .isNaN();
        }
    }

    @Test
    void constructorAndBindRules() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThatThrownBy(() -> new BackgroundJobsMetrics(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new BackgroundJobsMetrics(registry, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BackgroundJobsMetrics(registry, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry);
        metrics.close();
        QueueWorker worker = QueueWorker.builder(new InMemoryJobQueue())
                .job("reports", new ReportJob(InMemoryJobRepository.withLongKeys()))
                .build();
        assertThatThrownBy(() -> metrics.bindTo(worker)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSecondWorkerOfTheSameNameIsRefusedNamingIt() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BackgroundJobsMetrics metrics = new BackgroundJobsMetrics(registry)) {
            QueueWorker a = QueueWorker.builder(new InMemoryJobQueue())
                    .name("same")
                    .job("reports", new ReportJob(InMemoryJobRepository.withLongKeys()))
                    .listener(metrics)
                    .build();
            QueueWorker b = QueueWorker.builder(new InMemoryJobQueue())
                    .name("same")
                    .job("other", new ReportJob(InMemoryJobRepository.withLongKeys()))
                    .listener(metrics)
                    .build();
            metrics.bindTo(a);
            assertThatThrownBy(() -> metrics.bindTo(b))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'same'");
            assertThatThrownBy(() -> metrics.bindTo(a)).isInstanceOf(IllegalArgumentException.class);
            assertThat(registry.find("backgroundjobs.jobs.running").gauges()).hasSize(1);
            assertThat(registry.find("backgroundjobs.queue.length")
                            .tag("queue", "other")
                            .gauge())
                    .as("nothing of the refused worker is registered")
                    .isNull();
        }
    }

    /** A worker running one job on "reports", reporting to and bound to the given metrics. */
    private static QueueWorker startedWorker(
            String name, JobQueue queue, BackgroundJobBase<Long, ?, ?> job, BackgroundJobsMetrics metrics) {
        QueueWorker worker = QueueWorker.builder(queue)
                .name(name)
                .job("reports", job)
                .listener(metrics)
                .build();
        metrics.bindTo(worker);
        worker.start();
        return worker;
    }
}
