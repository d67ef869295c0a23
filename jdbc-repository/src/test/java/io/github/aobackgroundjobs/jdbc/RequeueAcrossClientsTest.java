package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.testkit.ConcurrentRunner;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two clients, each with a repository of its own on one database (two processes), retry the
 * same failed job at the same moment, round after round: each round exactly one requeue
 * succeeds and sends one message, and the other is refused.
 */
class RequeueAcrossClientsTest {

    private static final int ROUNDS = 40;

    record Report(int number) {}

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void longKeys(RepositoryFixture.Database database) {
        RepositoryFixture<Long> fixture = RepositoryFixture.longKeys(database);
        try {
            raceRetries(fixture);
        } finally {
            fixture.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void uuidKeys(RepositoryFixture.Database database) {
        RepositoryFixture<UUID> fixture = RepositoryFixture.uuidKeys(database);
        try {
            raceRetries(fixture);
        } finally {
            fixture.close();
        }
    }

    private static <K> void raceRetries(RepositoryFixture<K> fixture) {
        Clock clock = Clock.systemUTC();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        AtomicInteger sends = new AtomicInteger();
        ForwardingJobQueue counted = new ForwardingJobQueue(queue) {
            @Override
            public String send(String queueName, String text, Duration initialDelay) {
                sends.incrementAndGet();
                return super.send(queueName, text, initialDelay);
            }
        };
        JdbiJobRepository<K> otherProcess = JdbiJobRepository.builder(Jdbi.create(fixture.dataSource))
                .keyType(fixture.repository.keyType())
                .schema(fixture.schema)
                .build();
        QueueJobClient<K> first =
                QueueJobClient.builder(fixture.repository, counted).clock(clock).build();
        QueueJobClient<K> second =
                QueueJobClient.builder(otherProcess, counted).clock(clock).build();
        try (first;
                second) {
            K id = first.queueJob("reports", "alice", new Report(1));
            for (int round = 0; round < ROUNDS; round++) {
                fail(fixture.repository, id, clock);
                int sendsBefore = sends.get();
                AtomicInteger requeued = new AtomicInteger();
                AtomicInteger refused = new AtomicInteger();

                ConcurrentRunner.run(2, Duration.ofSeconds(30), client -> {
                    try {
                        (client == 0 ? first : second).requeue(id);
                        requeued.incrementAndGet();
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                    }
                });

                assertThat(requeued.get())
                        .as("round %d: exactly one requeue succeeds", round)
                        .isEqualTo(1);
                assertThat(refused.get())
                        .as("round %d: the other is refused", round)
                        .isEqualTo(1);
                assertThat(sends.get() - sendsBefore)
                        .as("round %d: exactly one message is sent", round)
                        .isEqualTo(1);
            }
            assertThat(queue.approximateLength("reports"))
                    .as("one message for the queueing and one per round")
                    .hasValue(1 + ROUNDS);
        }
    }

    /** Runs the job to a failure as a worker would: claimed, then completed FAILED. */
    private static <K> void fail(JdbiJobRepository<K> repository, K id, Clock clock) {
        Instant now = clock.instant();
        ClaimResult<K> claim = repository.claim(new ClaimRequest<>(id, "worker", now, Duration.ofSeconds(30), 3, "{}"));
        assertThat(claim.type()).as("the requeued job is claimed").isEqualTo(ClaimResult.Type.CLAIMED);
        assertThat(repository.complete(
                        new JobCompletion<>(id, "worker", JobStatus.FAILED, clock.instant(), 1, null, "{}", null)))
                .as("the attempt fails")
                .isTrue();
        BackgroundJobInfo<K> failed = repository.getJob(id);
        assertThat(failed.getStatus()).isEqualTo(JobStatus.FAILED);
    }
}
