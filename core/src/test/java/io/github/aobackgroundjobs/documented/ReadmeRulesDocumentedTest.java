package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** README.md's Concepts, read as a new user: the message format, the keys, the states and the updates. */
class ReadmeRulesDocumentedTest {

    record Report(String title) {}

    record Done(String file) {}

    /** The quick start's job; a title starting with "fail" throws. */
    static final class ReportJob<K> extends BackgroundJobBase<K, Report, Done> {
        ReportJob(JobRepositoryBase<K> repository, JobOptions options) {
            super(repository, Report.class, Done.class, options);
        }

        @Override
        protected Done onExecute(Report request, JobContext<K> context) {
            if (request.title().startsWith("fail")) {
                throw new IllegalStateException("planned failure");
            }
            context.reportProgress(50, "rendering");
            return new Done(request.title() + ".pdf");
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theMessageIsBase64OfTheUtf8JsonOfTheIdForLongAndUuidKeys() {
        var queue = new InMemoryJobQueue();
        var longs = InMemoryJobRepository.withLongKeys();
        long longId = QueueJobClient.builder(longs, queue).build().queueJob("reports", "alice", new Report("x"));
        assertThat(queue.messageTexts("reports")).containsExactly(base64(Long.toString(longId)));

        var uuids = InMemoryJobRepository.withUuidKeys();
        UUID uuidId = QueueJobClient.builder(uuids, queue).build().queueJob("exports", "alice", new Report("x"));
        assertThat(queue.messageTexts("exports")).containsExactly(base64("\"" + uuidId + "\""));
    }

    @Test
    void uuidKeysRunThroughTheClientAndTheWorkerLikeLongOnes() {
        var repository = InMemoryJobRepository.withUuidKeys();
        var queue = new InMemoryJobQueue();
        try (var worker = QueueWorker.builder(queue)
                .job("reports", new ReportJob<>(repository, JobOptions.defaults()))
                .build()
                .start()) {
            var client = QueueJobClient.builder(repository, queue).build();
            UUID id = client.queueJob("reports", "alice", new Report("Sales Q3"));
            BackgroundJobInfo<UUID> job = client.awaitCompletion(id, Duration.ofSeconds(10));
            assertThat(job.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.getResultData()).isEqualTo("{\"file\":\"Sales Q3.pdf\"}");
        }
    }

    @Test
    void theOutcomesAreTheEightTheReadmeNames() {
        assertThat(Arrays.stream(Outcome.Type.values()).map(Enum::name))
                .containsExactly(
                        "SUCCEEDED", "FAILED", "RETRY", "CANCELLED", "ALREADY_DONE", "ABORTED", "BUSY", "REJECTED");
    }

    @Test
    void failedMeansTheCodeThrewOnItsLastAttempt() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        var repository = InMemoryJobRepository.withLongKeys();
        var job = new ReportJob<>(
                repository,
                JobOptions.builder()
                        .clock(clock)
                        .retryPolicy(RetryPolicy.fixed(2, Duration.ofSeconds(5)))
                        .build());
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .clock(clock)
                .build();
        long id = client.queueJob("reports", "alice", new Report("fail always"));

        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.RETRY);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        clock.advance(Duration.ofSeconds(6));
        assertThat(job.execute(id).type()).isEqualTo(Outcome.Type.FAILED);
        BackgroundJobInfo<Long> failed = repository.getJob(id);
        assertThat(failed.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.getAttempts()).isEqualTo(2);
        assertThat(failed.getExceptionData()).contains("planned failure");
    }

    @Test
    void failedComesAtOnceWhenThePolicyAllowsNoRetryOfThatFailureThoughAttemptsAreLeft() {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();

        var original = new ReportJob<>(
                repository, JobOptions.builder().retryPolicy(RetryPolicy.none()).build());
        assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(3);
        long once = client.queueJob("reports", "alice", new Report("fail once"));
        assertThat(original.execute(once).type()).isEqualTo(Outcome.Type.FAILED);
        assertThat(repository.getJob(once).getAttempts()).isEqualTo(1);

        var narrowed = new ReportJob<>(
                repository,
                JobOptions.builder()
                        .retryPolicy(RetryPolicy.fixed(5, Duration.ZERO).neverRetryOn(IllegalStateException.class))
                        .build());
        long never = client.queueJob("reports", "alice", new Report("fail now"));
        assertThat(narrowed.execute(never).type()).isEqualTo(Outcome.Type.FAILED);
        assertThat(repository.getJob(never).getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(repository.getJob(never).getAttempts()).isEqualTo(1);
    }

    @Test
    void theWorkersThreadsAreDaemonThreads() {
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue();
        try (var worker = QueueWorker.builder(queue)
                .name("daemon-check")
                .job("reports", new ReportJob<>(repository, JobOptions.defaults()))
                .build()
                .start()) {
            var client = QueueJobClient.builder(repository, queue).build();
            long id = client.queueJob("reports", "alice", new Report("x"));
            assertThat(client.awaitCompletion(id, Duration.ofSeconds(10)).getStatus())
                    .isEqualTo(JobStatus.SUCCEEDED);
            List<Thread> threads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("daemon-check"))
                    .toList();
            assertThat(threads).isNotEmpty().allMatch(Thread::isDaemon);
        }
    }

    @Test
    void abortedMeansBadInputOrGivenUpAfterLostWorkers() {
        SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        var repository = InMemoryJobRepository.withLongKeys();
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .retryPolicy(RetryPolicy.fixed(2, Duration.ofSeconds(5)))
                .build();
        var job = new ReportJob<>(repository, options);
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue())
                .clock(clock)
                .build();

        // Bad input: a request the job's request class cannot hold.
        long bad = client.queueJob(
                "reports", "alice", job.requestTypeName(), Map.of("title", List.of(1, 2)), Duration.ZERO);
        assertThat(job.execute(bad).type()).isEqualTo(Outcome.Type.REJECTED);
        assertThat(repository.getJob(bad).getStatus()).isEqualTo(JobStatus.ABORTED);

        // Given up: every attempt was taken by a worker that died mid-job.
        long lost = client.queueJob("reports", "alice", new Report("x"));
        for (int attempt = 0; attempt < 2; attempt++) {
            repository.claim(new ClaimRequest<>(
                    lost, "dead-worker-" + attempt, clock.instant(), options.leaseDuration(), 2, null));
            clock.advance(options.leaseDuration().plusSeconds(1));
        }
        assertThat(job.execute(lost).type()).isEqualTo(Outcome.Type.ABORTED);
        assertThat(repository.getJob(lost).getStatus()).isEqualTo(JobStatus.ABORTED);
    }

    @Test
    void everyChangeIsPublishedOnceThroughUpdatesAndOnUpdatedRepublishesARecord() {
        var repository = InMemoryJobRepository.withLongKeys();
        var job = new ReportJob<>(repository, JobOptions.defaults());
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        List<String> seen = new CopyOnWriteArrayList<>();
        Registration registration = repository
                .updates()
                .addListener(record -> seen.add(record.getStatus() + " " + record.getProgressPercent()));

        long id = client.queueJob("reports", "alice", new Report("x"));
        job.execute(id);
        // The sent mark is no change a watcher cares about; the insert, the claim, the progress and the end are.
        assertThat(seen).containsExactly("PENDING null", "RUNNING null", "RUNNING 50", "SUCCEEDED 50");

        seen.clear();
        repository.updates().onUpdated(id);
        assertThat(seen).containsExactly("SUCCEEDED 50");

        registration.close();
        repository.updates().onUpdated(id);
        client.clear(id);
        assertThat(seen).hasSize(1);
    }
}
