package io.github.aobackgroundjobs.testkit.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobNotFoundException;
import io.github.aobackgroundjobs.JobQueueUnavailableException;
import io.github.aobackgroundjobs.JobQueueingException;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import io.github.aobackgroundjobs.testkit.JobRepositoryFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Audit of README.md and docs/custom-repository.md, read as a new user: every concrete claim
 * checked on the in-memory implementations and the testkit.
 */
class DocumentedRulesTest {

    // ----------------------------------------------------------------- README quick start

    record ReportRequest(String title) {}

    record ReportResult(String file) {}

    static class ReportJob extends BackgroundJobBase<Long, ReportRequest, ReportResult> {
        ReportJob(JobRepositoryBase<Long> repository) {
            super(repository, ReportRequest.class, ReportResult.class);
        }

        @Override
        protected ReportResult onExecute(ReportRequest request, JobContext<Long> context) {
            context.reportProgress(50, "rendering");
            return new ReportResult(request.title() + ".pdf");
        }
    }

    @Test
    void readmeQuickStartPrintsWhatItsCommentSays() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream printed = new PrintStream(out, true, StandardCharsets.UTF_8);
        var repository = InMemoryJobRepository.withLongKeys();
        var queue = new InMemoryJobQueue();
        try (var worker = QueueWorker.builder(queue)
                .job("reports", new ReportJob(repository))
                .build()
                .start()) {
            var client = QueueJobClient.builder(repository, queue).build();
            long id = client.queueJob("reports", "alice", new ReportRequest("Sales Q3"));
            BackgroundJobInfo<Long> job = client.awaitCompletion(id, Duration.ofSeconds(10));
            printed.println(job.getStatus() + " " + job.getResultData());
        }
        assertThat(out.toString(StandardCharsets.UTF_8).strip()).isEqualTo("SUCCEEDED {\"file\":\"Sales Q3.pdf\"}");
    }

    @Test
    void readmeStatusCodes() {
        assertThat(Arrays.stream(JobStatus.values()).map(s -> s.name() + "(" + s.code() + ")"))
                .containsExactly("PENDING(0)", "RUNNING(1)", "SUCCEEDED(2)", "FAILED(3)", "ABORTED(4)", "CANCELLED(5)");
    }

    @Test
    void readmeQueueJobsTakesUpTo1000() {
        var repository = InMemoryJobRepository.withLongKeys();
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        List<ReportRequest> thousand = Collections.nCopies(1000, new ReportRequest("x"));
        assertThat(client.queueJobs("reports", "alice", thousand)).hasSize(1000).doesNotHaveDuplicates();
        List<ReportRequest> tooMany = Collections.nCopies(1001, new ReportRequest("x"));
        assertThatThrownBy(() -> client.queueJobs("reports", "alice", tooMany))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1000");
        assertThat(repository.size()).isEqualTo(1000);
    }

    // ------------------------------------------------ custom-repository.md: ForwardingJobQueue snippet

    static class RefusingQueue extends ForwardingJobQueue {
        volatile boolean refuse;

        RefusingQueue() {
            super(new InMemoryJobQueue());
        }

        @Override
        public String send(String queueName, String text, Duration initialDelay) {
            if (refuse) {
                throw new JobQueueUnavailableException(queueName, "switched off by the test", null);
            }
            return super.send(queueName, text, initialDelay);
        }
    }

    @Test
    void readmeAFailedSendAbortsTheRecordAndRequeueSendsItAgain() {
        var repository = InMemoryJobRepository.withLongKeys();
        RefusingQueue queue = new RefusingQueue();
        var client = QueueJobClient.builder(repository, queue).build();
        queue.refuse = true;
        JobQueueingException e = catchThrowableOfType(
                () -> client.queueJob("reports", "alice", new ReportRequest("x")), JobQueueingException.class);
        Long id = (Long) e.getJobId();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.ABORTED);
        queue.refuse = false;
        client.requeue(id);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(queue.approximateLength("reports")).hasValue(1);
    }

    private static <T extends Throwable> T catchThrowableOfType(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Class<T> type) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(type);
        return type.cast(thrown);
    }

    // ------------------------------------------------ custom-repository.md: the per-method rules

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final JobRepositoryFixture<Long> fixture = new JobRepositoryFixture<>(repository, clock);

    @Test
    void insertNamesEachInvalidField() {
        assertInvalid(j -> j.setUserName(null), "'userName'");
        assertInvalid(j -> j.setUserName("  "), "'userName'");
        assertInvalid(j -> j.setUserName("u".repeat(51)), "'userName'");
        assertInvalid(j -> j.setRequestType(null), "'requestType'");
        assertInvalid(j -> j.setRequestType("t".repeat(51)), "'requestType'");
        assertInvalid(j -> j.setQueueName(null), "'queueName'");
        assertInvalid(j -> j.setQueueName("Bad_Name"), "'queueName'");
        assertInvalid(j -> j.setRequestData(null), "'requestData'");
        assertInvalid(j -> j.setCreated(null), "'created'");
        assertInvalid(j -> j.setStatus(JobStatus.RUNNING), "'status'");
        assertThat(repository.size()).isZero();
        // 50 is allowed
        BackgroundJobInfo<Long> ok = fixture.newJob("u".repeat(50), "t".repeat(50));
        assertThat(repository.insert(ok).getId()).isNotNull();
    }

    private void assertInvalid(Consumer<BackgroundJobInfo<Long>> breakIt, String field) {
        BackgroundJobInfo<Long> job = fixture.newJob("alice", "Type");
        breakIt.accept(job);
        assertThatThrownBy(() -> repository.insert(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(field);
    }

    @Test
    void insertValidatedStoresUpdatedAtAsCreatedAndVersionZero() {
        BackgroundJobInfo<Long> job = fixture.newJob("alice", "Type");
        job.setUpdatedAt(null);
        BackgroundJobInfo<Long> saved = repository.insert(job);
        assertThat(saved.getUpdatedAt()).isEqualTo(job.getCreated());
        assertThat(saved.getVersion()).isZero();
        assertThat(saved).isNotSameAs(job);
    }

    @Test
    void unknownIdsAreNotErrors() {
        Long unknown = fixture.unknownId();
        assertThat(repository.findJob(unknown)).isEmpty();
        assertThatThrownBy(() -> repository.getJob(unknown)).isInstanceOf(JobNotFoundException.class);
        assertThat(fixture.claim(unknown, "w").type()).isEqualTo(ClaimResult.Type.NOT_FOUND);
        assertThat(repository.markSent(unknown, clock.instant())).isFalse();
        assertThat(repository.markCleared(unknown, clock.instant())).isFalse();
    }

    @Test
    void saveProgressOutsideZeroToHundredNamesPercentAndWritesNothing() {
        BackgroundJobInfo<Long> running = fixture.running("alice");
        for (int percent : new int[] {-1, 101}) {
            assertThatThrownBy(() -> repository.saveProgress(
                            running.getId(), running.getLeaseOwner(), percent, "m", clock.instant()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'percent'");
        }
        assertThat(repository.getJob(running.getId()).getVersion()).isEqualTo(running.getVersion());
    }

    @Test
    void saveProgressCutsTheMessageToItsFirst200Characters() {
        BackgroundJobInfo<Long> running = fixture.running("alice");
        repository.saveProgress(running.getId(), running.getLeaseOwner(), 5, "x".repeat(250), clock.instant());
        assertThat(repository.getJob(running.getId()).getProgressMessage()).isEqualTo("x".repeat(200));
    }

    @Test
    void saveProgressCutNeverLeavesHalfAnEmoji() {
        BackgroundJobInfo<Long> running = fixture.running("alice");
        String message = "a".repeat(199) + "\uD83D\uDE00" + "tail";
        repository.saveProgress(running.getId(), running.getLeaseOwner(), 5, message, clock.instant());
        String stored = repository.getJob(running.getId()).getProgressMessage();
        assertThat(stored.length()).isLessThanOrEqualTo(200);
        assertThat(Character.isHighSurrogate(stored.charAt(stored.length() - 1)))
                .as("stored progress message ends with an unpaired high surrogate: %s", stored.length())
                .isFalse();
    }

    @Test
    void findActiveJobsRefusesLimitBelowOne() {
        assertThatThrownBy(() -> repository.findActiveJobs("alice", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findUnfinishedJobsNeedsAQueueName() {
        assertThatThrownBy(() -> repository.findUnfinishedJobs(Set.of(), null, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueNames'");
    }

    @Test
    void purgeRefusesEmptyOrUnfinishedStatuses() {
        fixture.finished("alice", "Type", JobStatus.SUCCEEDED, 5);
        Instant later = clock.instant().plusSeconds(60);
        assertThatThrownBy(() -> repository.purge(later, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThatThrownBy(() -> repository.purge(later, Set.of(JobStatus.SUCCEEDED, JobStatus.PENDING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThatThrownBy(() -> repository.purge(later, Set.of(JobStatus.RUNNING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThat(repository.size()).isEqualTo(1);
    }

    @Test
    void claimAllNullEmptyAndNullElement() {
        assertThatThrownBy(() -> repository.claimAll(null)).isInstanceOf(NullPointerException.class);
        assertThat(repository.claimAll(List.of())).isEmpty();
        List<ClaimRequest<Long>> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> repository.claimAll(withNull)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void markSentCountsEveryCall() {
        BackgroundJobInfo<Long> job = fixture.pending("alice");
        repository.markSent(job.getId(), clock.instant());
        repository.markSent(job.getId(), clock.instant());
        assertThat(repository.getJob(job.getId()).getSendCount()).isEqualTo(2);
    }

    @Test
    void sentMarksBehindByDefaultIsFalseForTheInMemoryRepository() {
        assertThat(repository.sentMarksBehindByDefault()).isFalse();
        assertThat(repository.supportsApplicationTransactions()).isFalse();
    }

    @Test
    void queueJobInTransactionWithoutSupportNamesTheRepository() {
        var client = QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        Connection connection = (Connection) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> null);
        assertThatThrownBy(() -> client.queueJobInTransaction(connection, "reports", "alice", new ReportRequest("x")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining(InMemoryJobRepository.class.getName());
    }

    @Test
    void aClaimRequestRefusesAnOwnerEveryStoreCouldNotHold() {
        BackgroundJobInfo<Long> job = fixture.pending("alice");
        for (String owner : List.of("w".repeat(101), " ", "a\u0000b", "a\uD800")) {
            assertThatThrownBy(() ->
                            new ClaimRequest<>(job.getId(), owner, clock.instant(), Duration.ofSeconds(30), 3, "{}"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'owner'");
        }
        assertThat(repository.getJob(job.getId()).getVersion()).isZero();
    }

    @Test
    void insertChecksTheRangesOfPresetFieldsAndStoresValidOnesAsGiven() {
        Map<String, Consumer<BackgroundJobInfo<Long>>> invalid = Map.of(
                "'attempts'", j -> j.setAttempts(-3),
                "'sendCount'", j -> j.setSendCount(-1),
                "'version'", j -> j.setVersion(-1),
                "'progressPercent'", j -> j.setProgressPercent(500),
                "'owner'", j -> j.setLeaseOwner("w".repeat(101)));
        invalid.forEach((field, change) -> {
            BackgroundJobInfo<Long> job = fixture.newJob("alice", "Type");
            change.accept(job);
            assertThatThrownBy(() -> repository.insert(job))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(field);
        });
        assertThat(repository.findActiveJobs("alice", 10)).as("nothing written").isEmpty();

        BackgroundJobInfo<Long> preset = fixture.newJob("alice", "Type");
        preset.setAttempts(2);
        preset.setSendCount(1);
        preset.setProgressPercent(40);
        preset.setSentAt(clock.instant());
        BackgroundJobInfo<Long> saved = repository.insert(preset);
        assertThat(saved.getAttempts()).isEqualTo(2);
        assertThat(saved.getSendCount()).isEqualTo(1);
        assertThat(saved.getProgressPercent()).isEqualTo(40);
        assertThat(saved.getSentAt()).isEqualTo(clock.instant());
    }

    // ------------------------------------------------ custom-repository.md: a queue of your own

    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);

    @Test
    void queueIsNotDurableInMemory() {
        assertThat(queue.isDurable()).isFalse();
        assertThat(JobQueue.MAX_MESSAGE_LENGTH).isEqualTo(65_536);
    }

    @Test
    void queueRefusesBadArgumentsNamingThem() {
        assertThatThrownBy(() -> queue.send("AB", "t", Duration.ZERO)).hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.send("a--b", "t", Duration.ZERO)).hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.send("q".repeat(64), "t", Duration.ZERO)).hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> queue.send("qqq", "x".repeat(65_537), Duration.ZERO))
                .hasMessageContaining("'text'");
        assertThatThrownBy(() -> queue.send("qqq", "t", Duration.ofSeconds(-1))).hasMessageContaining("'initialDelay'");
        assertThatThrownBy(() -> queue.send("qqq", "t", Duration.ofDays(7).plusSeconds(1)))
                .hasMessageContaining("'initialDelay'");
        assertThatThrownBy(() -> queue.receive("qqq", 0, Duration.ofSeconds(5))).hasMessageContaining("'maxMessages'");
        assertThatThrownBy(() -> queue.receive("qqq", 33, Duration.ofSeconds(5)))
                .hasMessageContaining("'maxMessages'");
        assertThatThrownBy(() -> queue.receive("qqq", 1, Duration.ZERO)).hasMessageContaining("'visibilityTimeout'");
        assertThatThrownBy(() -> queue.receive("qqq", 1, Duration.ofDays(7).plusSeconds(1)))
                .hasMessageContaining("'visibilityTimeout'");
        assertThat(queue.approximateLength("qqq").orElse(0)).isZero();
        // Accepted at the limits
        queue.send("q".repeat(63), "x".repeat(65_536), Duration.ofDays(7));
    }

    @Test
    void queueNullTextIsRefusedNamingIt() {
        // Undocumented: what a null text does.
        assertThatThrownBy(() -> queue.send("qqq", null, Duration.ZERO)).hasMessageContaining("'text'");
    }

    @Test
    void queueReceiptRulesAndDeadLetter() {
        queue.send("qqq", "héllo 😀", Duration.ZERO);
        QueueMessage first = queue.receive("qqq", 32, Duration.ofSeconds(1)).get(0);
        assertThat(first.dequeueCount()).isEqualTo(1);
        QueueMessage updated = queue.updateVisibility("qqq", first, Duration.ZERO);
        assertThat(updated.text()).isEqualTo("héllo 😀");
        assertThatThrownBy(() -> queue.delete("qqq", first)).isInstanceOf(MessageReceiptExpiredException.class);
        QueueMessage second = queue.receive("qqq", 1, Duration.ofSeconds(1)).get(0);
        assertThat(second.dequeueCount()).isEqualTo(2);
        queue.deadLetter("qqq", second);
        assertThatThrownBy(() -> queue.delete("qqq", second)).isInstanceOf(MessageReceiptExpiredException.class);
        assertThat(queue.receive("qqq-poison", 1, Duration.ofSeconds(1)).get(0).text())
                .isEqualTo("héllo 😀");
        assertThat(queue.receive("never-sent", 1, Duration.ofSeconds(1))).isEmpty();
    }

    @Test
    void clientAllowsJobQueueNamesOf56Only() {
        var client = QueueJobClient.builder(repository, queue).build();
        client.queueJob("q".repeat(56), "alice", new ReportRequest("x"));
        assertThatThrownBy(() -> client.queueJob("q".repeat(57), "alice", new ReportRequest("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
    }
}
