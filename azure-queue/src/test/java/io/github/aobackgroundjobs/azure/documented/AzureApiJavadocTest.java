package io.github.aobackgroundjobs.azure.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.TokenCredential;
import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClientBuilder;
import io.github.aobackgroundjobs.BackgroundJobException;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.azure.AzureQueueRequestException;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.FunctionsJobHandler;
import io.github.aobackgroundjobs.azure.FunctionsLogging;
import io.github.aobackgroundjobs.azure.FunctionsRecoveryTimer;
import io.github.aobackgroundjobs.azure.MessageEncoding;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.SimulatedExecutionContext;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Javadoc of the azure-queue module's public types, read as a new user would. */
class AzureApiJavadocTest {

    private final Azurite azurite = Azurite.shared();
    private final QueueManager manager = QueueManager.fromConnectionString(azurite.connectionString());
    private final AzureStorageJobQueue queue = manager.jobQueue();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();

    // ---- QueueManager.Builder ----

    @Test
    void builderDefaultsAreAsDocumented() {
        assertThat(QueueManager.Builder.DEFAULT_TRY_TIMEOUT).isEqualTo(Duration.ofSeconds(3));
        assertThat(QueueManager.Builder.DEFAULT_MAX_TRIES).isEqualTo(2);
        assertThat(QueueManager.Builder.DEFAULT_CONNECT_TIMEOUT).isEqualTo(Duration.ofSeconds(2));
        assertThat(QueueManager.Builder.DEFAULT_CREATE_QUEUES).isTrue();
        assertThat(manager.createsQueues()).isTrue();
        assertThat(FunctionsJobHandler.Builder.DEFAULT_MESSAGE_ENCODING).isEqualTo(MessageEncoding.BASE64);
    }

    @Test
    void builderRangesAreCheckedAtTheirBoundsNamingTheField() {
        QueueManager.Builder builder = QueueManager.builder();
        assertThatCode(() -> builder.tryTimeout(Duration.ofSeconds(1))).doesNotThrowAnyException();
        assertThatCode(() -> builder.tryTimeout(Duration.ofMinutes(5))).doesNotThrowAnyException();
        for (Duration bad :
                List.of(Duration.ofMillis(999), Duration.ofMinutes(5).plusNanos(1))) {
            assertThatThrownBy(() -> builder.tryTimeout(bad))
                    .as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'tryTimeout'");
        }
        assertThatCode(() -> builder.maxTries(1)).doesNotThrowAnyException();
        assertThatCode(() -> builder.maxTries(10)).doesNotThrowAnyException();
        assertThatThrownBy(() -> builder.maxTries(11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxTries'");
        assertThatCode(() -> builder.connectTimeout(Duration.ofNanos(1))).doesNotThrowAnyException();
        for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-1))) {
            assertThatThrownBy(() -> builder.connectTimeout(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'connectTimeout'");
        }
        assertThatThrownBy(() -> builder.endpoint(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'endpoint'");
    }

    @Test
    void nullArgumentsAreRefusedNamingThem() {
        QueueManager.Builder builder = QueueManager.builder();
        assertThatThrownBy(() -> builder.tryTimeout(null)).hasMessageContaining("'tryTimeout'");
        assertThatThrownBy(() -> builder.connectTimeout(null)).hasMessageContaining("'connectTimeout'");
        assertThatThrownBy(() -> builder.credential(null)).hasMessageContaining("'credential'");
        assertThatThrownBy(() -> builder.serviceClient(null)).hasMessageContaining("'serviceClient'");
        assertThatThrownBy(() -> builder.connectionString(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'connectionString'");
        assertThatThrownBy(() -> QueueManager.fromConnectionString(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'connectionString'");
        assertThatThrownBy(() -> new AzureStorageJobQueue(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'manager'");
        assertThatThrownBy(() -> new FunctionsRecoveryTimer(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'sweeper'");
        assertThatThrownBy(() -> MessageEncoding.NONE.toQueueText(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'text'");
        SimulatedExecutionContext context = new SimulatedExecutionContext("Greetings");
        assertThatThrownBy(() -> FunctionsLogging.logger(null, getClass())).hasMessageContaining("'context'");
        assertThatThrownBy(() -> FunctionsLogging.logger(context, null)).hasMessageContaining("'source'");
    }

    @Test
    void blankOrInvalidConnectionStringsAreIllegalArgumentException() {
        for (String bad : List.of("", " ", "not a connection string")) {
            assertThatThrownBy(() -> QueueManager.fromConnectionString(bad))
                    .as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void buildingOnAServiceClientThatEncodesMessagesIsIllegalArgumentException() {
        QueueManager.Builder builder = QueueManager.builder()
                .serviceClient(new QueueServiceClientBuilder()
                        .connectionString(azurite.connectionString())
                        .messageEncoding(QueueMessageEncoding.BASE64)
                        .buildClient());
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'serviceClient'");
    }

    // ---- QueueManager ----

    /** The class comment's subclass with a typed accessor. */
    static final class AppQueues extends QueueManager {
        AppQueues(QueueManager manager) {
            super(manager);
        }
    }

    @Test
    void jobQueueIsOneInstancePerManagerAndASubclassSharesIt() {
        assertThat(manager.jobQueue()).isSameAs(queue);
        assertThat(queue.manager()).isSameAs(manager);
        AppQueues app = new AppQueues(manager);
        assertThat(app.jobQueue()).as("shared with its source").isSameAs(queue);
        assertThat(app.serviceClient()).isSameAs(manager.serviceClient());
        String name = Azurite.randomQueueName("shared");
        assertThat(app.queue(name)).isSameAs(manager.queue(name));
        assertThatThrownBy(() -> new AppQueues(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'source'");
    }

    @Test
    void aSendListenersHandleRemovesOnlyItsOwnRegistrationHoweverOftenClosed() {
        String name = Azurite.randomQueueName("listened");
        AtomicInteger heard = new AtomicInteger();
        java.util.function.Consumer<String> listener = sent -> heard.incrementAndGet();
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (Registration onThread =
                queue.addSendListener(sent -> threads.add(Thread.currentThread().getName()))) {
            queue.send(name, "zero", Duration.ZERO);
        }
        assertThat(threads)
                .as("called on the sending thread")
                .containsExactly(Thread.currentThread().getName());
        Registration first = queue.addSendListener(listener);
        Registration second = queue.addSendListener(listener);
        first.close();
        first.close();
        queue.send(name, "one", Duration.ZERO);
        assertThat(heard).as("the second registration still hears").hasValue(1);
        second.close();
        queue.send(name, "two", Duration.ZERO);
        assertThat(heard).hasValue(1);
        assertThatThrownBy(() -> queue.addSendListener(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'listener'");
    }

    @Test
    void theQueueIsDurableAndNamesPoisonQueuesAsTheHostDoes() {
        assertThat(queue.isDurable()).isTrue();
        assertThat(queue.poisonQueueName("orders")).isEqualTo("orders-poison");
        assertThatThrownBy(() -> queue.poisonQueueName("Orders"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
    }

    @Test
    void aJobQueueNameLongerThan56IsRefusedByEveryCallWhileAPoisonQueueMayUse63() {
        String fiftySeven = (Azurite.randomQueueName("long") + "x".repeat(57)).substring(0, 57);
        assertThatThrownBy(() -> queue.send(fiftySeven, "hello", Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.receive(fiftySeven, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.approximateLength(fiftySeven))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.checkAccess(fiftySeven))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        String poison = fiftySeven.substring(0, 56) + "-poison";
        queue.send(poison, "hello", Duration.ZERO);
        assertThat(queue.approximateLength(poison)).hasValue(1);
    }

    @Test
    void checkAccessPassesForAQueueThatDoesNotExistWhenQueuesAreNotCreated() {
        AzureStorageJobQueue provisioned = QueueManager.builder()
                .connectionString(azurite.connectionString())
                .createQueues(false)
                .build()
                .jobQueue();
        assertThatCode(() -> provisioned.checkAccess(Azurite.randomQueueName("absent")))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> provisioned.checkAccess("Absent"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
    }

    // ---- MessageEncoding, AzureQueueRequestException ----

    @Test
    void messageEncodingGivesTheQueueTextWhoseDecodingIsTheText() {
        String text = "{\"id\":\"42\"} \u00e9\u4e2d";
        assertThat(MessageEncoding.NONE.toQueueText(text)).isEqualTo(text);
        String queued = MessageEncoding.BASE64.toQueueText(text);
        assertThat(new String(Base64.getDecoder().decode(queued), StandardCharsets.UTF_8))
                .isEqualTo(text);
    }

    @Test
    void anAzureQueueRequestExceptionNamesItsQueueAndIsNotRetryable() {
        IllegalStateException cause = new IllegalStateException("refused");
        AzureQueueRequestException e = new AzureQueueRequestException("orders", "too large", cause);
        assertThat(e).isInstanceOf(BackgroundJobException.class).hasMessageContaining("'orders'");
        assertThat(e.getMessage()).contains("too large");
        assertThat(e.getQueueName()).isEqualTo("orders");
        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.isRetryable()).isFalse();
    }

    @Test
    void aMissingPermissionIsJobQueueAccessDeniedExceptionNotAzureQueueRequestException() {
        String name = Azurite.randomQueueName("readonly");
        manager.queue(name);
        String sas = manager.serviceClient()
                .generateAccountSas(new AccountSasSignatureValues(
                        OffsetDateTime.now().plusHours(1),
                        AccountSasPermission.parse("rl"),
                        AccountSasService.parse("q"),
                        AccountSasResourceType.parse("sco")));
        AzureStorageJobQueue readOnly = QueueManager.builder()
                .connectionString("QueueEndpoint=" + azurite.queueEndpoint() + ";SharedAccessSignature=" + sas)
                .createQueues(false)
                .build()
                .jobQueue();
        assertThat(readOnly.approximateLength(name)).as("reading is allowed").hasValue(0);
        assertThatThrownBy(() -> readOnly.send(name, "hello", Duration.ZERO))
                .isInstanceOf(JobQueueAccessDeniedException.class)
                .isNotInstanceOf(AzureQueueRequestException.class)
                .hasMessageContaining(name)
                .hasMessageContaining("403");
    }

    // ---- FunctionsJobHandler ----

    @Test
    void theHandlerBuilderRefusesNullsAndKeepsTheQueueName() {
        HelloJob job = new HelloJob(repository);
        String name = Azurite.randomQueueName("named");
        assertThatThrownBy(() -> FunctionsJobHandler.builder(null, queue, name))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'job'");
        assertThatThrownBy(() -> FunctionsJobHandler.builder(job, null, name))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'queue'");
        assertThatThrownBy(() -> FunctionsJobHandler.builder(job, queue, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        FunctionsJobHandler.Builder<Long> builder = FunctionsJobHandler.builder(job, queue, name);
        assertThatThrownBy(() -> builder.messageEncoding(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'encoding'");
        FunctionsJobHandler<Long> handler = builder.build();
        assertThat(handler.queueName()).isEqualTo(name);
        assertThatThrownBy(() -> handler.run("1", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'context'");
        assertThatThrownBy(() -> handler.runPoison("1", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'context'");
    }

    @Test
    void aNullMessageIsTheEmptyText_rejectedToThePoisonQueueOrOnlyLogged() {
        String name = Azurite.randomQueueName("nulltext");
        FunctionsJobHandler<Long> handler = FunctionsJobHandler.builder(new HelloJob(repository), queue, name)
                .build();
        assertThatCode(() -> handler.run(null, new SimulatedExecutionContext("Greetings")))
                .doesNotThrowAnyException();
        List<String> poisoned = queue.receive(queue.poisonQueueName(name), 32, Duration.ofSeconds(30)).stream()
                .map(QueueMessage::text)
                .toList();
        assertThat(poisoned).containsExactly("");
        SimulatedExecutionContext poison = new SimulatedExecutionContext("GreetingsPoison");
        assertThatCode(() -> handler.runPoison(null, poison)).doesNotThrowAnyException();
        assertThat(poison.lines()).anyMatch(line -> line.contains("nothing to abort"));
    }

    @Test
    void fromEndpointRefusesNullsABlankEndpointAndOneThatIsNoUrl() {
        // Never asked for a token: building a manager makes no call.
        TokenCredential credential = request -> null;
        assertThatThrownBy(() -> QueueManager.fromEndpoint(null, credential))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'endpoint'");
        assertThatThrownBy(() -> QueueManager.fromEndpoint("https://account.queue.core.windows.net", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'credential'");
        for (String bad : List.of(" ", "not a url")) {
            assertThatThrownBy(() -> QueueManager.fromEndpoint(bad, credential))
                    .as("'%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(QueueManager.fromEndpoint("https://account.queue.core.windows.net", credential)
                        .serviceClient()
                        .getAccountName())
                .isEqualTo("account");
    }

    @Test
    void aRecoveryRunWithNothingToDoReturnsAnEmptyReportAndLogsNothing() {
        FunctionsRecoveryTimer recovery =
                new FunctionsRecoveryTimer(JobSweeper.builder(InMemoryJobRepository.withLongKeys(), (JobQueue) queue)
                        .build());
        SimulatedExecutionContext context = new SimulatedExecutionContext("RecoverJobs");
        JobSweeper.SweepReport report = recovery.run(context);
        assertThat(report.found()).isZero();
        assertThat(report.resent()).isZero();
        assertThat(context.lines()).isEmpty();
    }

    @Test
    void aRecoveryRunHandlesAtMostTheSweepersBatchAndTheNextRunTheRest() {
        String name = Azurite.randomQueueName("batch");
        Instant longAgo = Instant.now().minus(JobSweeper.DEFAULT_UNSENT_GRACE.multipliedBy(2));
        for (int i = 0; i < 3; i++) {
            BackgroundJobInfo<Long> record = new BackgroundJobInfo<>();
            record.setUserName("ada");
            record.setRequestType("Request");
            record.setRequestData("{\"name\":\"Ada\"}");
            record.setQueueName(name);
            record.setCreated(longAgo);
            record.setNextAttemptAt(longAgo);
            repository.insert(record);
        }
        FunctionsRecoveryTimer recovery = new FunctionsRecoveryTimer(
                JobSweeper.builder(repository, (JobQueue) queue).batchSize(2).build());

        JobSweeper.SweepReport first = recovery.run(new SimulatedExecutionContext("RecoverJobs"));
        assertThat(first.found()).isEqualTo(2);
        assertThat(first.resent()).isEqualTo(2);
        SimulatedExecutionContext next = new SimulatedExecutionContext("RecoverJobs");
        assertThat(recovery.run(next).resent()).isEqualTo(1);
        assertThat(next.lines()).anyMatch(line -> line.contains("1 jobs found, 1 re-sent"));
        assertThat(queue.approximateLength(name)).hasValue(3);
    }
}
