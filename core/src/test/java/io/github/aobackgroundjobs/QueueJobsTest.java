package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.Await;
import io.github.aobackgroundjobs.support.CountingQueue;
import io.github.aobackgroundjobs.support.EchoJob;
import io.github.aobackgroundjobs.support.EchoRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** {@link QueueJobClient#queueJobs}: all validated before any write, ids in order, partial send failures reported per job. */
class QueueJobsTest {

    private static final String QUEUE = "batch";

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).build();

    @Test
    void queuesEveryRequestInOrderAndEachRunsOnce() {
        List<EchoRequest> requests = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            requests.add(EchoRequest.ok("job " + i));
        }
        List<BackgroundJobInfo<Long>> published = new CopyOnWriteArrayList<>();
        repository.updates().addListener(published::add);

        List<Long> ids = client.queueJobs(QUEUE, "alice", requests);

        assertThat(ids).hasSize(50).doesNotHaveDuplicates();
        for (int i = 0; i < 50; i++) {
            BackgroundJobInfo<Long> job = repository.getJob(ids.get(i));
            assertThat(job.getRequestData()).contains("\"job " + i + "\"");
            assertThat(job.getUserName()).isEqualTo("alice");
            assertThat(job.getRequestType()).isEqualTo(RequestTypes.nameOf(EchoRequest.class));
            assertThat(job.getSentAt()).as("marked sent").isNotNull();
        }
        assertThat(queue.approximateLength(QUEUE).orElseThrow()).isEqualTo(50);
        assertThat(published).as("every saved record is published").hasSize(50);

        EchoJob<Long> job = new EchoJob<>(repository, JobOptions.defaults());
        try (QueueWorker worker =
                QueueWorker.builder(queue).job(QUEUE, job).build().start()) {
            Await.until(
                    Duration.ofSeconds(20),
                    "every job done",
                    () -> ids.stream().allMatch(id -> repository.getJob(id).getStatus() == JobStatus.SUCCEEDED));
        }
        for (long id : ids) {
            assertThat(job.runsOf(id)).isEqualTo(1);
        }
    }

    @Test
    void eachJobMayHaveItsOwnUserTypeAndDelay() {
        List<Long> ids = client.queueJobs(
                QUEUE,
                List.of(
                        JobRequest.of("alice", EchoRequest.ok("a")),
                        new JobRequest("bob", "CustomType", EchoRequest.ok("b"), Duration.ofMinutes(5))));
        BackgroundJobInfo<Long> alice = repository.getJob(ids.get(0));
        BackgroundJobInfo<Long> bob = repository.getJob(ids.get(1));
        assertThat(alice.getUserName()).isEqualTo("alice");
        assertThat(bob.getUserName()).isEqualTo("bob");
        assertThat(bob.getRequestType()).isEqualTo("CustomType");
        assertThat(Duration.between(bob.getCreated(), bob.getNextAttemptAt())).isEqualTo(Duration.ofMinutes(5));
        assertThat(queue.receive(QUEUE, 10, Duration.ofSeconds(30)))
                .as("only the job without delay is visible yet")
                .hasSize(1);
    }

    @Test
    void oneInvalidRequestRejectsTheWholeCallNamingItsIndex() {
        List<JobRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(JobRequest.of("alice", EchoRequest.ok("x" + i)));
        }
        requests.set(3, JobRequest.of("", EchoRequest.ok("bad")));
        assertThatThrownBy(() -> client.queueJobs(QUEUE, requests))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests[3]'")
                .hasMessageContaining("'userName'");
        requests.set(3, JobRequest.of("alice", null));
        assertThatThrownBy(() -> client.queueJobs(QUEUE, requests))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests[3]'")
                .hasMessageContaining("'request'");
        requests.set(3, null);
        assertThatThrownBy(() -> client.queueJobs(QUEUE, requests))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests[3]' cannot be null");
        assertThat(repository.findActiveJobs("alice", 10)).as("nothing written").isEmpty();
        assertThat(queue.approximateLength(QUEUE).orElseThrow())
                .as("nothing sent")
                .isZero();
    }

    @Test
    void anEmptyOrOversizedCallIsRefused() {
        assertThatThrownBy(() -> client.queueJobs(QUEUE, "alice", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requests' cannot be null or empty");
        List<EchoRequest> tooMany = Collections.nCopies(QueueJobClient.MAX_JOBS_PER_CALL + 1, EchoRequest.ok("x"));
        assertThatThrownBy(() -> client.queueJobs(QUEUE, "alice", tooMany))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1001")
                .hasMessageContaining("at most 1000");
        assertThatThrownBy(() -> client.queueJobs("Bad Queue", "alice", List.of(EchoRequest.ok("x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThat(repository.findActiveJobs("alice", 10)).isEmpty();
    }

    @Test
    void aPartialSendFailureReportsWhichJobsWereQueuedAndWhichWereAborted() {
        CountingQueue failing = new CountingQueue(new InMemoryJobQueue(Clock.systemUTC()), true);
        failing.refuseSend = attempt -> attempt % 2 == 0;
        QueueJobClient<Long> flaky = QueueJobClient.builder(repository, failing).build();
        List<EchoRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(EchoRequest.ok("job " + i));
        }

        BatchQueueingException e = org.junit.jupiter.api.Assertions.assertThrows(
                BatchQueueingException.class, () -> flaky.queueJobs(QUEUE, "alice", requests));

        assertThat(e.getJobIds()).hasSize(5);
        assertThat(e.getQueuedIds())
                .containsExactly(
                        e.getJobIds().get(0),
                        e.getJobIds().get(2),
                        e.getJobIds().get(4));
        assertThat(e.getFailures().keySet())
                .containsExactly(e.getJobIds().get(1), e.getJobIds().get(3));
        assertThat(e.getFailures().values())
                .allSatisfy(cause -> assertThat(cause).hasMessageContaining("injected"));
        assertThat(e.isRetryable()).isTrue();
        assertThat(e).hasMessageContaining("2 of 5 jobs");
        for (Object id : e.getQueuedIds()) {
            BackgroundJobInfo<Long> job = repository.getJob((Long) id);
            assertThat(job.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(job.getSentAt()).isNotNull();
        }
        for (Object id : e.getFailures().keySet()) {
            BackgroundJobInfo<Long> job = repository.getJob((Long) id);
            assertThat(job.getStatus())
                    .as("a job whose message was not sent is ABORTED")
                    .isEqualTo(JobStatus.ABORTED);
            assertThat(job.getExceptionData()).contains("injected");
        }
        assertThat(failing.approximateLength(QUEUE).orElseThrow()).isEqualTo(3);
        assertThat(failing.sends).hasValue(3);

        failing.refuseSend = attempt -> false;
        flaky.requeue((Long) e.getJobIds().get(1));
        assertThat(repository.getJob((Long) e.getJobIds().get(1)).getStatus()).isEqualTo(JobStatus.PENDING);
    }
}
