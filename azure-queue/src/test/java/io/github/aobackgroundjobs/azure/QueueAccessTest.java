package io.github.aobackgroundjobs.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.azure.storage.common.sas.AccountSasPermission;
import com.azure.storage.common.sas.AccountSasResourceType;
import com.azure.storage.common.sas.AccountSasService;
import com.azure.storage.common.sas.AccountSasSignatureValues;
import io.github.aobackgroundjobs.JobQueueAccessDeniedException;
import io.github.aobackgroundjobs.JobQueueingException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Credentials Azurite refuses: a worker does not start with a wrong key (the error names the
 * account and the queue), starts and backs off when Azurite is not running yet, and logs one
 * ERROR per back-off when its credentials stop working while it runs (an expired SAS token; a key
 * rotated away and back); the client's error names the account and the queue too.
 */
class QueueAccessTest {

    /** A key of the right shape that is not the account's. */
    private static final String WRONG_KEY = Base64.getEncoder()
            .encodeToString(
                    "not the key of devstoreaccount1, 64 bytes long...........!!".getBytes(StandardCharsets.US_ASCII));

    private static String withWrongKey(String connectionString) {
        return connectionString.replace(Azurite.ACCOUNT_KEY, WRONG_KEY);
    }

    @Test
    void aWorkerWithAWrongKeyFailsToStart_namingTheAccountAndTheQueue() {
        Azurite azurite = Azurite.shared();
        JobsOnAzure jobs = new JobsOnAzure(
                AzureStorageJobQueue.fromConnectionString(withWrongKey(azurite.connectionString())), "denied");
        QueueWorker worker = jobs.worker().build();
        try {
            assertThatThrownBy(worker::start)
                    .isInstanceOf(JobQueueAccessDeniedException.class)
                    .hasMessageContaining("Queue '" + jobs.queueName + "'")
                    .hasMessageContaining(
                            "storage account '" + Azurite.ACCOUNT + "' refused this process's credentials")
                    .hasMessageContaining("HTTP 403");
        } finally {
            worker.close();
        }
    }

    @Test
    void theClientWithAWrongKeyFailsNamingTheAccountAndTheQueue() {
        Azurite azurite = Azurite.shared();
        JobsOnAzure jobs = new JobsOnAzure(
                AzureStorageJobQueue.fromConnectionString(withWrongKey(azurite.connectionString())), "deniedclient");

        assertThatThrownBy(() -> jobs.queue(CountingJob.quick()))
                .isInstanceOf(JobQueueingException.class)
                .hasMessageContaining("queue '" + jobs.queueName + "'")
                .hasMessageContaining("storage account '" + Azurite.ACCOUNT + "' refused this process's credentials")
                .hasCauseInstanceOf(JobQueueAccessDeniedException.class)
                .satisfies(e -> assertThat(jobs.record((Long) ((JobQueueingException) e).getJobId())
                                .getStatus())
                        .isEqualTo(JobStatus.ABORTED));
    }

    @Test
    void withAzuriteNotRunningAtStartTheWorkerStartsAndBacksOffUntilItAnswers() {
        try (Azurite azurite = Azurite.start(Azurite.Persistence.IN_MEMORY, Azurite.Service.QUEUE)) {
            azurite.stop();
            JobsOnAzure jobs = new JobsOnAzure(azurite, "latestart");
            String log = captureStandardError(() -> {
                try (QueueWorker worker = jobs.worker().build().start()) {
                    sleep(Duration.ofSeconds(2)); // polls that fail and back off
                    azurite.start();
                    long id = jobs.queue(CountingJob.quick());
                    jobs.awaitAllDone(List.of(id), Duration.ofSeconds(30));
                    assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
                }
            });
            assertThat(log)
                    .contains("cannot be reached to check access; starting anyway")
                    .contains("queue unreachable; backing off")
                    .contains("the queue answers again")
                    .doesNotContain("refuses this process's credentials");
        }
    }

    @Test
    void anExpiredSasTokenAtRunTimeIsLoggedAtErrorOnce_notOncePerPoll() {
        Azurite azurite = Azurite.shared();
        OffsetDateTime expiry = OffsetDateTime.now().plusSeconds(6);
        String sas = QueueManager.fromConnectionString(azurite.connectionString())
                .serviceClient()
                .generateAccountSas(new AccountSasSignatureValues(
                        expiry,
                        AccountSasPermission.parse("rwdlacup"),
                        AccountSasService.parse("q"),
                        AccountSasResourceType.parse("sco")));
        String sasConnection = "QueueEndpoint=http://127.0.0.1:" + azurite.port(Azurite.Service.QUEUE) + "/"
                + Azurite.ACCOUNT + ";SharedAccessSignature=" + sas;
        CountingQueue queue = new CountingQueue(AzureStorageJobQueue.fromConnectionString(sasConnection));
        JobsOnAzure jobs =
                new JobsOnAzure(AzureStorageJobQueue.fromConnectionString(azurite.connectionString()), "sas");

        String log = captureStandardError(() -> {
            try (QueueWorker worker = QueueWorker.builder(queue)
                    .job(jobs.queueName, jobs.job)
                    .visibilityTimeout(JobsOnAzure.VISIBILITY)
                    .maxPollInterval(Duration.ofMillis(200))
                    .maxOutageBackoff(Duration.ofMillis(500))
                    .build()
                    .start()) {
                long id = jobs.queue(CountingJob.quick());
                jobs.awaitAllDone(List.of(id), Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(30)).until(() -> queue.refused.get() >= 10);
            }
        });

        assertThat(errorLines(log)).as(log).hasSize(1);
        assertThat(errorLines(log).get(0)).contains("refuses this process's credentials");
        assertThat(log)
                .contains("Queue '" + jobs.queueName + "': storage account '" + Azurite.ACCOUNT
                        + "' refused this process's credentials (Receiving messages: HTTP 403");
    }

    @Test
    void aKeyRotatedAwayAndBackTwiceGivesOneErrorPerBackOff() {
        Azurite azurite = Azurite.shared();
        JobsOnAzure jobs = new JobsOnAzure(azurite, "rotated");
        SwitchedQueue queue = new SwitchedQueue(
                jobs.queue, AzureStorageJobQueue.fromConnectionString(withWrongKey(azurite.connectionString())));

        String log = captureStandardError(() -> {
            try (QueueWorker worker = QueueWorker.builder(queue)
                    .job(jobs.queueName, jobs.job)
                    .visibilityTimeout(JobsOnAzure.VISIBILITY)
                    .maxPollInterval(Duration.ofMillis(200))
                    .maxOutageBackoff(Duration.ofMillis(500))
                    .build()
                    .start()) {
                for (int rotation = 0; rotation < 2; rotation++) {
                    int before = queue.wrong.refused.get();
                    queue.useWrongKey = true;
                    await().atMost(Duration.ofSeconds(30)).until(() -> queue.wrong.refused.get() >= before + 8);
                    queue.useWrongKey = false;
                    long id = jobs.queue(CountingJob.quick());
                    jobs.awaitAllDone(List.of(id), Duration.ofSeconds(30));
                }
            }
        });

        assertThat(queue.wrong.refused.get()).isGreaterThanOrEqualTo(16);
        assertThat(errorLines(log)).as(log).hasSize(2);
        assertThat(log).contains("the queue answers again");
    }

    private static List<String> errorLines(String log) {
        return log.lines().filter(l -> l.contains(" ERROR ")).toList();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** A queue that counts the calls refused for the credentials. */
    static class CountingQueue implements JobQueue {
        final JobQueue delegate;
        final AtomicInteger refused = new AtomicInteger();

        CountingQueue(JobQueue delegate) {
            this.delegate = delegate;
        }

        <T> T counted(java.util.function.Supplier<T> call) {
            try {
                return call.get();
            } catch (JobQueueAccessDeniedException e) {
                refused.incrementAndGet();
                throw e;
            }
        }

        @Override
        public String send(String q, String text, Duration delay) {
            return counted(() -> delegate.send(q, text, delay));
        }

        @Override
        public List<QueueMessage> receive(String q, int max, Duration vt) {
            return counted(() -> delegate.receive(q, max, vt));
        }

        @Override
        public QueueMessage updateVisibility(String q, QueueMessage m, Duration vt) {
            return counted(() -> delegate.updateVisibility(q, m, vt));
        }

        @Override
        public void delete(String q, QueueMessage m) {
            counted(() -> {
                delegate.delete(q, m);
                return null;
            });
        }

        @Override
        public OptionalLong approximateLength(String q) {
            return counted(() -> delegate.approximateLength(q));
        }

        @Override
        public void checkAccess(String q) {
            counted(() -> {
                delegate.checkAccess(q);
                return null;
            });
        }

        @Override
        public Registration addSendListener(Consumer<String> listener) {
            return delegate.addSendListener(listener);
        }
    }

    /** The worker's view of the account while its key is rotated: the right key, or a wrong one. */
    static final class SwitchedQueue extends CountingQueue {
        final CountingQueue wrong;
        volatile boolean useWrongKey;

        SwitchedQueue(JobQueue right, JobQueue wrongKey) {
            super(right);
            this.wrong = new CountingQueue(wrongKey);
        }

        private JobQueue current() {
            return useWrongKey ? wrong : delegate;
        }

        @Override
        public String send(String q, String text, Duration delay) {
            return current().send(q, text, delay);
        }

        @Override
        public List<QueueMessage> receive(String q, int max, Duration vt) {
            return current().receive(q, max, vt);
        }

        @Override
        public QueueMessage updateVisibility(String q, QueueMessage m, Duration vt) {
            return current().updateVisibility(q, m, vt);
        }

        @Override
        public void delete(String q, QueueMessage m) {
            current().delete(q, m);
        }

        @Override
        public OptionalLong approximateLength(String q) {
            return current().approximateLength(q);
        }

        @Override
        public void checkAccess(String q) {
            current().checkAccess(q);
        }
    }
}
