package io.github.aobackgroundjobs.azure.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClientBuilder;
import com.azure.storage.queue.models.QueueStorageException;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobException;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.azure.AzureQueueRequestException;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.FunctionsJobHandler;
import io.github.aobackgroundjobs.azure.MessageEncoding;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.SimulatedExecutionContext;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules docs/azure-functions.md states, checked as a new user would read them. */
class DocumentedRulesTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final Azurite azurite = Azurite.shared();
    private final QueueManager manager = QueueManager.fromConnectionString(azurite.connectionString());
    private final AzureStorageJobQueue queue = manager.jobQueue();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).build();

    /** The doc's GreetingJob; a name starting with "fail" fails (and is retried). */
    static final class GreetingJob extends BackgroundJobBase<Long, GreetingJob.Request, GreetingJob.Result> {
        record Request(String name) {}

        record Result(String greeting) {}

        GreetingJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    Request.class,
                    Result.class,
                    JobOptions.builder()
                            .retryPolicy(RetryPolicy.fixed(3, Duration.ofSeconds(5)))
                            .build());
        }

        @Override
        protected Result onExecute(Request request, JobContext<Long> context) {
            if (request.name().startsWith("fail")) {
                throw new IllegalStateException("planned failure");
            }
            return new Result("Hello, " + request.name() + "!");
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every text in a queue, visible now. */
    private List<String> texts(String name) {
        List<String> texts = new ArrayList<>();
        for (QueueMessage message : queue.receive(name, 32, Duration.ofSeconds(30))) {
            texts.add(message.text());
        }
        return texts;
    }

    // ---- queue names ----

    @Test
    void queueNamesFollowAzuresRuleAndAJobQueueHasAtMost56Characters() {
        for (String bad : List.of("ab", "Orders", "or--ders", "-orders", "orders-", "or_ders", "o".repeat(64))) {
            assertThatThrownBy(() -> manager.queue(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'queueName'");
            assertThatThrownBy(() -> queue.send(bad, "x", Duration.ZERO))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'queueName'");
        }
        String fiftySeven = Azurite.randomQueueName("n") + "x".repeat(57);
        String tooLong = fiftySeven.substring(0, 57);
        assertThatThrownBy(() -> manager.queue(tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        GreetingJob job = new GreetingJob(repository);
        assertThatThrownBy(() -> QueueWorker.builder(queue).job(tooLong, job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> FunctionsJobHandler.builder(job, queue, tooLong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");

        String fiftySix = tooLong.substring(0, 56);
        assertThat(manager.queue(fiftySix)).isNotNull();
        // A poison queue may use the full 63.
        assertThat(manager.queue(fiftySix + "-poison").getQueueName()).hasSize(63);
    }

    @Test
    void queueCreatesTheQueueAndItsPoisonQueueOnFirstUseUnlessTurnedOff() {
        String name = Azurite.randomQueueName("created");
        manager.queue(name);
        assertThat(queueNames(name, name + "-poison")).containsExactly(name, name + "-poison");

        String provisioned = Azurite.randomQueueName("provisioned");
        QueueManager.builder()
                .connectionString(azurite.connectionString())
                .createQueues(false)
                .build()
                .queue(provisioned);
        assertThat(queueNames(provisioned, provisioned + "-poison")).isEmpty();
    }

    private List<String> queueNames(String... candidates) {
        List<String> names = new ArrayList<>();
        for (String name : candidates) {
            try {
                manager.serviceClient().getQueueClient(name).getProperties();
                names.add(name);
            } catch (QueueStorageException e) {
                assertThat(e.getStatusCode()).isEqualTo(404);
            }
        }
        return names;
    }

    @Test
    void aServiceClientThatEncodesMessagesIsRefused() {
        assertThatThrownBy(() -> new QueueManager(new QueueServiceClientBuilder()
                        .connectionString(azurite.connectionString())
                        .messageEncoding(QueueMessageEncoding.BASE64)
                        .buildClient()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new QueueManager(new QueueServiceClientBuilder()
                                .connectionString(azurite.connectionString())
                                .buildClient())
                        .serviceClient())
                .isNotNull();
    }

    // ---- message text ----

    @Test
    void textAMessageCannotCarryIsRefusedBeforeAnyRequestNamingText() {
        // A manager that does not create queues, on a queue that does not exist: any request would fail.
        AzureStorageJobQueue provisioned = withoutCreatingQueues();
        String missing = Azurite.randomQueueName("missing");
        List<String> refused = List.of(
                "a".repeat(65_537),
                "\u00e9".repeat(32_769), // 65,538 bytes in UTF-8
                "\u4e2d".repeat(21_846), // 65,538 bytes
                "a\u0000b",
                "a\u001fb",
                "a\u000bb",
                "a\uFFFEb",
                "a\uFFFFb",
                "a\uD83Db",
                "\uDE00b");
        for (String text : refused) {
            assertThatThrownBy(() -> provisioned.send(missing, text, Duration.ZERO))
                    .as("%.20s", text)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'text'");
        }

        String name = Azurite.randomQueueName("fits");
        List<String> accepted =
                List.of("a".repeat(65_536), "tab\tlf\ncr\r", "\u00e9".repeat(1000), "\uD83D\uDE00 \u4e2d".repeat(1000));
        for (String text : accepted) {
            queue.send(name, text, Duration.ZERO);
        }
        // Exactly 65,536 bytes beyond ASCII passes the library's check; Azurite itself may refuse
        // such text a few bytes under the limit, which is then the service's 413, not bad input.
        String edge = Azurite.randomQueueName("edge");
        for (String text : List.of("\u00e9".repeat(32_768), "\uD83D\uDE00".repeat(16_384))) {
            try {
                queue.send(edge, text, Duration.ZERO);
            } catch (AzureQueueRequestException e) {
                assertThat(e).hasMessageContaining("413");
            }
        }
        assertThat(texts(name)).containsExactlyElementsOf(accepted);
    }

    @Test
    void aMissingQueueUnderCreateQueuesFalseIsAnAzureQueueRequestExceptionNamingOperationQueueStatusAndCode() {
        AzureStorageJobQueue provisioned = withoutCreatingQueues();
        String missing = Azurite.randomQueueName("missing");
        assertThatThrownBy(() -> provisioned.send(missing, "hello", Duration.ZERO))
                .isInstanceOf(AzureQueueRequestException.class)
                .isInstanceOf(BackgroundJobException.class)
                .hasMessageContaining("Sending a message")
                .hasMessageContaining(missing)
                .hasMessageContaining("404")
                .hasMessageContaining("QueueNotFound")
                .satisfies(e ->
                        assertThat(((BackgroundJobException) e).isRetryable()).isFalse());
    }

    // ---- the outcome table ----

    private FunctionsJobHandler<Long> handler(String name, MessageEncoding encoding) {
        return FunctionsJobHandler.builder(new GreetingJob(repository), queue, name)
                .messageEncoding(encoding)
                .build();
    }

    @Test
    void aSucceededJobReturnsAndSendsNothing_plainJsonAndBase64BothAccepted() {
        String name = Azurite.randomQueueName("greetings");
        FunctionsJobHandler<Long> handler = handler(name, MessageEncoding.BASE64);
        long plain = client.queueJob(name, "ada", new GreetingJob.Request("Ada"));
        long encoded = client.queueJob(name, "ada", new GreetingJob.Request("Bob"));
        // The library sends base64(UTF-8(JSON(id))).
        assertThat(texts(name)).containsExactlyInAnyOrder(base64(Long.toString(plain)), base64(Long.toString(encoded)));

        handler.run(Long.toString(plain), new SimulatedExecutionContext("Greetings"));
        handler.run(base64(Long.toString(encoded)), new SimulatedExecutionContext("Greetings"));

        assertThat(repository.getJob(plain).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(repository.getJob(encoded).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(queue.approximateLength(name)).hasValue(2); // only the two original (received) messages
        assertThat(queue.approximateLength(queue.poisonQueueName(name))).hasValue(0);
    }

    @Test
    void aRejectedMessageIsCopiedByteIdenticalToThePoisonQueueAndTheFunctionReturns() {
        String name = Azurite.randomQueueName("rejects");
        FunctionsJobHandler<Long> base64 = handler(name, MessageEncoding.BASE64);
        SimulatedExecutionContext context = new SimulatedExecutionContext("Greetings");

        assertThatCode(() -> base64.run("not an id", context)).doesNotThrowAnyException();
        assertThatCode(() -> base64.run("987654321", context)).doesNotThrowAnyException();
        assertThat(texts(queue.poisonQueueName(name))).containsExactly(base64("not an id"), base64("987654321"));
        assertThat(context.lines()).anyMatch(line -> line.contains(queue.poisonQueueName(name)));

        String plainName = Azurite.randomQueueName("rejectsnone");
        FunctionsJobHandler<Long> none = handler(plainName, MessageEncoding.NONE);
        none.run("h\u00e9llo {", new SimulatedExecutionContext("Greetings"));
        assertThat(texts(queue.poisonQueueName(plainName))).containsExactly("h\u00e9llo {");
    }

    @Test
    void aRetryIsAFreshMessageInTheHandlersEncodingAndTheFunctionReturns() {
        String name = Azurite.randomQueueName("retries");
        long base64Job = client.queueJob(name, "ada", new GreetingJob.Request("fail once"));
        texts(name); // the host has received the original

        handler(name, MessageEncoding.BASE64).run(Long.toString(base64Job), new SimulatedExecutionContext("Greetings"));
        assertThat(repository.getJob(base64Job).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(base64Job).getAttempts()).isEqualTo(1);

        String plainName = Azurite.randomQueueName("retriesnone");
        long plainJob = client.queueJob(plainName, "ada", new GreetingJob.Request("fail too"));
        texts(plainName);
        handler(plainName, MessageEncoding.NONE)
                .run(Long.toString(plainJob), new SimulatedExecutionContext("Greetings"));

        // Delayed by the retry policy (5 s): not visible at once, then there.
        assertThat(queue.receive(name, 32, Duration.ofSeconds(30))).isEmpty();
        List<String> fresh = new ArrayList<>();
        List<String> freshPlain = new ArrayList<>();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while ((fresh.isEmpty() || freshPlain.isEmpty()) && System.nanoTime() < deadline) {
            fresh.addAll(texts(name));
            freshPlain.addAll(texts(plainName));
            sleep(Duration.ofMillis(250));
        }
        assertThat(fresh).containsExactly(base64(Long.toString(base64Job)));
        assertThat(freshPlain).containsExactly(Long.toString(plainJob));
    }

    @Test
    void aJobNotDueYetIsBusy_aFreshMessageDelayedUntilThenAndTheFunctionReturns() {
        String name = Azurite.randomQueueName("busy");
        FunctionsJobHandler<Long> handler = handler(name, MessageEncoding.BASE64);
        long id = client.queueJob(name, "ada", new GreetingJob.Request("fail first"));
        texts(name);
        handler.run(Long.toString(id), new SimulatedExecutionContext("Greetings")); // RETRY in 5 s

        // A duplicate delivery before the retry is due: BUSY, nothing run, one more delayed message.
        SimulatedExecutionContext duplicate = new SimulatedExecutionContext("Greetings");
        assertThatCode(() -> handler.run(Long.toString(id), duplicate)).doesNotThrowAnyException();
        assertThat(repository.getJob(id).getAttempts()).isEqualTo(1);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(queue.receive(name, 32, Duration.ofSeconds(30))).isEmpty();
        assertThat(queue.approximateLength(name)).hasValue(3); // the received original and two delayed
        assertThat(queue.approximateLength(queue.poisonQueueName(name))).hasValue(0);
    }

    @Test
    void aQueueThatCannotBeReachedMakesTheFunctionThrowSoTheHostDeliversAgain() {
        AzureStorageJobQueue unreachable = AzureStorageJobQueue.fromConnectionString(unreachableConnectionString());
        String name = Azurite.randomQueueName("down");
        FunctionsJobHandler<Long> handler = FunctionsJobHandler.builder(new GreetingJob(repository), unreachable, name)
                .build();
        long id = client.queueJob(name, "ada", new GreetingJob.Request("fail first"));

        assertThatThrownBy(() -> handler.run(Long.toString(id), new SimulatedExecutionContext("Greetings")))
                .isInstanceOf(JobQueueUnavailableException.class);
        assertThatThrownBy(() -> handler.run("not an id", new SimulatedExecutionContext("Greetings")))
                .isInstanceOf(JobQueueUnavailableException.class);
    }

    private static String unreachableConnectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + Azurite.ACCOUNT + ";AccountKey=" + Azurite.ACCOUNT_KEY
                + ";QueueEndpoint=http://127.0.0.1:1/" + Azurite.ACCOUNT;
    }

    @Test
    void runPoisonAbortsAPendingJobAndOnlyLogsTheRest() {
        String name = Azurite.randomQueueName("poisoned");
        FunctionsJobHandler<Long> handler = handler(name, MessageEncoding.BASE64);
        long pending = client.queueJob(name, "ada", new GreetingJob.Request("Ada"));
        long done = client.queueJob(name, "ada", new GreetingJob.Request("Bob"));
        handler.run(Long.toString(done), new SimulatedExecutionContext("Greetings"));

        SimulatedExecutionContext context = new SimulatedExecutionContext("GreetingsPoison");
        handler.runPoison(Long.toString(pending), context);
        handler.runPoison(Long.toString(done), new SimulatedExecutionContext("GreetingsPoison"));
        assertThatCode(() -> handler.runPoison("no id at all", new SimulatedExecutionContext("GreetingsPoison")))
                .doesNotThrowAnyException();
        assertThatCode(() -> handler.runPoison("424242", new SimulatedExecutionContext("GreetingsPoison")))
                .doesNotThrowAnyException();

        assertThat(repository.getJob(pending).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(repository.getJob(done).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(context.lines()).anyMatch(line -> line.contains("ABORTED"));
    }

    @Test
    void theRecoverySweepDefaultsToFifteenMinutesAndFiveSends() {
        assertThat(JobSweeper.DEFAULT_STALE_AFTER).isEqualTo(Duration.ofMinutes(15));
        assertThat(JobSweeper.DEFAULT_MAX_SENDS).isEqualTo(5);
    }

    // ---- credentials and reachability ----

    @Test
    void refusedCredentialsAreJobQueueAccessDeniedExceptionNamingTheAccountAndTheQueue() {
        String wrongKey = Base64.getEncoder()
                .encodeToString("a key of the right shape but not the account's one, 64 bytes.!!"
                        .getBytes(StandardCharsets.US_ASCII));
        AzureStorageJobQueue denied = AzureStorageJobQueue.fromConnectionString(
                azurite.connectionString().replace(Azurite.ACCOUNT_KEY, wrongKey));
        String name = Azurite.randomQueueName("denied");
        assertThatThrownBy(() -> denied.checkAccess(name))
                .isInstanceOf(JobQueueAccessDeniedException.class)
                .hasMessageContaining("Queue '" + name + "'")
                .hasMessageContaining("storage account '" + Azurite.ACCOUNT + "' refused this process's credentials")
                .hasMessageContaining("HTTP 403");
        try (QueueWorker worker = QueueWorker.builder(denied)
                .job(name, new GreetingJob(repository))
                .build()) {
            assertThatThrownBy(worker::start).isInstanceOf(JobQueueAccessDeniedException.class);
        }
    }

    @Test
    void aStorageServiceThatCannotBeReachedAtStartDoesNotStopTheWorker() {
        AzureStorageJobQueue unreachable = AzureStorageJobQueue.fromConnectionString(unreachableConnectionString());
        try (QueueWorker worker = QueueWorker.builder(unreachable)
                .job("greetings", new GreetingJob(repository))
                .build()) {
            worker.start();
            assertThat(worker.isRunning()).isTrue();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A queue client that does not create queues: a request to a missing queue fails. */
    private AzureStorageJobQueue withoutCreatingQueues() {
        return QueueManager.builder()
                .connectionString(azurite.connectionString())
                .createQueues(false)
                .build()
                .jobQueue();
    }
}
