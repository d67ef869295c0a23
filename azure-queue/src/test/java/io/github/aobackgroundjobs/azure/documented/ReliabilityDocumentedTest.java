package io.github.aobackgroundjobs.azure.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.JobQueueingException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * docs/reliability.md's faults, one at a time, against a {@link QueueWorker} on Azurite: duplicate
 * deliveries, the malformed messages the chaos suite sends, and a queue that cannot be reached
 * while a job is queued.
 */
class ReliabilityDocumentedTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final Azurite azurite = Azurite.shared();
    private final AzureStorageJobQueue queue =
            QueueManager.fromConnectionString(azurite.connectionString()).jobQueue();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();

    record Report(String title) {}

    static final class ReportJob extends BackgroundJobBase<Long, Report, String> {
        final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();

        ReportJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    Report.class,
                    String.class,
                    JobOptions.builder().leaseDuration(Duration.ofSeconds(2)).build());
        }

        @Override
        protected String onExecute(Report request, JobContext<Long> context) {
            runs.computeIfAbsent(context.id(), k -> new AtomicInteger()).incrementAndGet();
            return request.title();
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    private List<String> poisonTexts(String name) {
        List<String> texts = new ArrayList<>();
        for (QueueMessage message : queue.receive(queue.poisonQueueName(name), 32, Duration.ofSeconds(30))) {
            texts.add(message.text());
        }
        return texts;
    }

    private static String unreachableConnectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + Azurite.ACCOUNT + ";AccountKey=" + Azurite.ACCOUNT_KEY
                + ";QueueEndpoint=http://127.0.0.1:1/" + Azurite.ACCOUNT;
    }

    @Test
    void duplicatesRunOnceAndMalformedMessagesEndInThePoisonQueueByteForByte() throws Exception {
        String name = Azurite.randomQueueName("faults");
        ReportJob job = new ReportJob(repository);
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long id = client.queueJob(name, "alice", new Report("r" + i));
            ids.add(id);
            // A queue delivering twice: a second copy of the same message.
            queue.send(name, base64(Long.toString(id)), Duration.ZERO);
        }
        List<String> malformed = List.of(
                "not base64 at all",
                base64("{\"id\":17}"),
                base64("\"not-a-number\""),
                base64("99999999999999999999999"),
                "%%%%");
        for (String text : malformed) {
            queue.send(name, text, Duration.ZERO);
        }

        try (QueueWorker worker = QueueWorker.builder(queue)
                .job(name, job)
                .maxPollInterval(Duration.ofMillis(100))
                .build()
                .start()) {
            for (long id : ids) {
                assertThat(client.awaitCompletion(id, LIMIT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            }
            await(() -> queue.approximateLength(name).orElse(-1) == 0, "every message settled");
        }
        for (long id : ids) {
            assertThat(job.runs.get(id).get()).as("runs of job %d", id).isEqualTo(1);
        }
        assertThat(poisonTexts(name)).containsExactlyInAnyOrderElementsOf(malformed);
    }

    @Test
    void aSendThatFailsAbortsTheRecordAndThrowsWithItsIdAndRequeueSendsItOnceTheQueueIsBack() throws Exception {
        String name = Azurite.randomQueueName("outage");
        AzureStorageJobQueue unreachable = AzureStorageJobQueue.fromConnectionString(unreachableConnectionString());
        QueueJobClient<Long> during =
                QueueJobClient.builder(repository, unreachable).build();

        Throwable thrown = catchThrowable(() -> during.queueJob(name, "alice", new Report("x")));
        assertThat(thrown).isInstanceOf(JobQueueingException.class);
        assertThat(thrown.getCause()).isInstanceOf(JobQueueUnavailableException.class);
        long id = (Long) ((JobQueueingException) thrown).getJobId();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);

        QueueJobClient<Long> after = QueueJobClient.builder(repository, queue).build();
        after.requeue(id);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        ReportJob job = new ReportJob(repository);
        try (QueueWorker worker =
                QueueWorker.builder(queue).job(name, job).build().start()) {
            assertThat(after.awaitCompletion(id, LIMIT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        }
        assertThat(job.runs.get(id).get()).isEqualTo(1);
    }
}
