package io.github.aobackgroundjobs.azure.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.FunctionsJobHandler;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.SimulatedExecutionContext;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** docs/azure-functions.md, "What the handler does with each outcome": the rows and runPoison cases not covered elsewhere. */
class HandlerOutcomesDocumentedTest {

    private final Azurite azurite = Azurite.shared();
    private final AzureStorageJobQueue queue =
            QueueManager.fromConnectionString(azurite.connectionString()).jobQueue();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).build();

    record Request(String name) {}

    record Misfit(List<String> name) {}

    record Other(String name) {}

    /** "fail": fails (no retries); "wait": waits for its cancellation; anything else succeeds. */
    static final class GreetingJob extends BackgroundJobBase<Long, Request, String> {
        final CountDownLatch waiting = new CountDownLatch(1);

        GreetingJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    Request.class,
                    String.class,
                    JobOptions.builder().retryPolicy(RetryPolicy.none()).build());
        }

        @Override
        protected String onExecute(Request request, JobContext<Long> context) throws InterruptedException {
            switch (request.name()) {
                case "fail" -> throw new IllegalStateException("planned failure");
                case "wait" -> {
                    waiting.countDown();
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (System.nanoTime() < deadline) {
                        context.throwIfCancellationRequested();
                        Thread.sleep(10);
                    }
                    throw new IllegalStateException("not cancelled within 10 s");
                }
                default -> {
                    return "Hello, " + request.name() + "!";
                }
            }
        }
    }

    private final GreetingJob job = new GreetingJob(repository);

    private FunctionsJobHandler<Long> handler(String name) {
        return FunctionsJobHandler.builder(job, queue, name).build();
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Receives (hides) every visible message, as the host does before it invokes the function. */
    private List<String> receive(String name) {
        List<String> texts = new ArrayList<>();
        for (QueueMessage message : queue.receive(name, 32, Duration.ofSeconds(60))) {
            texts.add(message.text());
        }
        return texts;
    }

    private long length(String name) {
        return queue.approximateLength(name).orElseThrow();
    }

    @Test
    void failedAndAlreadyDoneReturnAndSendNothing() {
        String name = Azurite.randomQueueName("finished");
        FunctionsJobHandler<Long> handler = handler(name);
        long failing = client.queueJob(name, "ada", new Request("fail"));
        long done = client.queueJob(name, "ada", new Request("Ada"));
        assertThat(receive(name)).hasSize(2);

        assertThatCode(() -> handler.run(Long.toString(failing), new SimulatedExecutionContext("Greetings")))
                .doesNotThrowAnyException();
        assertThat(repository.getJob(failing).getStatus()).isEqualTo(JobStatus.FAILED);
        handler.run(Long.toString(done), new SimulatedExecutionContext("Greetings"));
        SimulatedExecutionContext again = new SimulatedExecutionContext("Greetings");
        assertThatCode(() -> handler.run(Long.toString(done), again)).doesNotThrowAnyException();
        assertThat(again.lines()).anyMatch(line -> line.contains("ALREADY_DONE"));

        assertThat(length(name)).as("only the two received originals").isEqualTo(2);
        assertThat(length(queue.poisonQueueName(name))).isZero();
    }

    @Test
    void aJobCancelledWhileItRunsReturnsAndSendsNothing() throws Exception {
        String name = Azurite.randomQueueName("cancelled");
        FunctionsJobHandler<Long> handler = handler(name);
        long id = client.queueJob(name, "ada", new Request("wait"));
        receive(name);
        SimulatedExecutionContext context = new SimulatedExecutionContext("Greetings");
        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> handler.run(Long.toString(id), context));
        assertThat(job.waiting.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(client.cancel(id)).isEqualTo(CancelResult.REQUESTED);
        run.get(10, TimeUnit.SECONDS);

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(context.lines()).anyMatch(line -> line.contains("CANCELLED"));
        assertThat(length(name)).isEqualTo(1);
        assertThat(length(queue.poisonQueueName(name))).isZero();
    }

    @Test
    void aJobRunningUnderAnotherInstancesLeaseIsBusy_aFreshMessageDelayedUntilTheLeaseEnds() {
        String name = Azurite.randomQueueName("leased");
        FunctionsJobHandler<Long> handler = handler(name);
        long id = client.queueJob(name, "ada", new Request("Ada"));
        receive(name);
        // Another instance runs it, under a ten-minute lease.
        ClaimResult<Long> other = repository.claim(
                new ClaimRequest<>(id, "other-instance", Instant.now(), Duration.ofMinutes(10), 3, "{}"));
        assertThat(other.type()).isEqualTo(ClaimResult.Type.CLAIMED);

        SimulatedExecutionContext context = new SimulatedExecutionContext("Greetings");
        assertThatCode(() -> handler.run(Long.toString(id), context)).doesNotThrowAnyException();

        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(repository.getJob(id).getLeaseOwner()).isEqualTo("other-instance");
        assertThat(receive(name)).as("the fresh message is not visible now").isEmpty();
        assertThat(length(name)).as("the received original and the fresh one").isEqualTo(2);
        assertThat(context.lines())
                .as("due when the lease ends, about ten minutes from now")
                .anyMatch(line -> line.contains("a fresh message is due in PT9M") || line.contains("due in PT10M"));
        assertThat(length(queue.poisonQueueName(name))).isZero();
    }

    @Test
    void aMessageForAnotherKindsJobIsRejected_copiedToPoisonAndTheRecordLeftAsItIs() {
        String name = Azurite.randomQueueName("stray");
        FunctionsJobHandler<Long> handler = handler(name);
        long stray = client.queueJob(name, "ada", "Other", new Other("x"), Duration.ZERO);
        List<String> originals = receive(name);

        SimulatedExecutionContext context = new SimulatedExecutionContext("Greetings");
        assertThatCode(() -> handler.run(Long.toString(stray), context)).doesNotThrowAnyException();

        assertThat(receive(queue.poisonQueueName(name))).as("byte-identical").isEqualTo(originals);
        assertThat(context.lines()).anyMatch(line -> line.contains("wrong queue"));
        assertThat(repository.getJob(stray).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(stray).getExceptionData()).isNull();
    }

    @Test
    void aRequestThatDoesNotFitIsRejected_copiedToPoisonAndTheReasonOnTheRecord() {
        String name = Azurite.randomQueueName("misfit");
        FunctionsJobHandler<Long> handler = handler(name);
        long misfit = client.queueJob(name, "ada", job.requestTypeName(), new Misfit(List.of("a", "b")), Duration.ZERO);
        List<String> originals = receive(name);

        SimulatedExecutionContext context = new SimulatedExecutionContext("Greetings");
        assertThatCode(() -> handler.run(Long.toString(misfit), context)).doesNotThrowAnyException();

        assertThat(receive(queue.poisonQueueName(name))).as("byte-identical").isEqualTo(originals);
        assertThat(context.lines()).anyMatch(line -> line.contains("cannot be read"));
        assertThat(repository.getJob(misfit).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(repository.getJob(misfit).getExceptionData()).contains("cannot be read");
    }

    @Test
    void runPoisonAbortsAJobRunningUnderAnExpiredLeaseAndLeavesOneUnderALiveLease() {
        String name = Azurite.randomQueueName("poisonlease");
        FunctionsJobHandler<Long> handler = handler(name);
        long dead = client.queueJob(name, "ada", new Request("Ada"));
        long live = client.queueJob(name, "ada", new Request("Bob"));
        Instant now = Instant.now();
        // An instance that died two minutes into a one-minute lease, and one that runs now.
        repository.claim(
                new ClaimRequest<>(dead, "dead-instance", now.minusSeconds(120), Duration.ofMinutes(1), 3, "{}"));
        repository.claim(new ClaimRequest<>(live, "live-instance", now, Duration.ofMinutes(10), 3, "{}"));

        SimulatedExecutionContext deadContext = new SimulatedExecutionContext("GreetingsPoison");
        handler.runPoison(base64(Long.toString(dead)), deadContext);
        SimulatedExecutionContext liveContext = new SimulatedExecutionContext("GreetingsPoison");
        handler.runPoison(Long.toString(live), liveContext);

        assertThat(repository.getJob(dead).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(repository.getJob(dead).getExceptionData()).contains(queue.poisonQueueName(name));
        assertThat(deadContext.lines()).anyMatch(line -> line.contains("the message's job was ABORTED"));
        assertThat(repository.getJob(live).getStatus()).isEqualTo(JobStatus.RUNNING);
        assertThat(repository.getJob(live).getLeaseOwner()).isEqualTo("live-instance");
        assertThat(liveContext.lines()).anyMatch(line -> line.contains("nothing to abort"));
    }

    @Test
    void aPoisonQueueIsRefusedAsTheHandlersQueueNamingIt() {
        assertThatThrownBy(() -> FunctionsJobHandler.builder(job, queue, "greetings-poison"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'")
                .hasMessageContaining("greetings-poison");
    }
}
