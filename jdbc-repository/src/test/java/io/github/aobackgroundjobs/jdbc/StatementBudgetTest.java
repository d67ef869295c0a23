package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The statement budget end to end, through the framework's own client and job runner: queueing a
 * job costs two statements and running it two more.
 */
class StatementBudgetTest {

    /** The request. */
    public record Echo(String text) {}

    /** Returns its request. */
    static final class EchoJob extends BackgroundJobBase<Long, Echo, Echo> {
        EchoJob(JdbiJobRepository<Long> repository, JobOptions options) {
            super(repository, Echo.class, Echo.class, options);
        }

        @Override
        protected Echo onExecute(Echo request, JobContext<Long> context) {
            return request;
        }
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void queueingCostsTwoStatementsAndRunningTwoMore(RepositoryFixture.Database database) throws InterruptedException {
        RepositoryFixture<Long> fixture = RepositoryFixture.create(
                database,
                database == RepositoryFixture.Database.H2 ? TestDatabases.h2() : TestDatabases.postgresShared(),
                JobKeyType.LONG);
        SettableClock clock = new SettableClock(Instant.parse("2026-05-01T08:00:00Z"), ZoneOffset.UTC);
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        QueueJobClient<Long> client =
                QueueJobClient.builder(fixture.repository, queue).clock(clock).build();
        EchoJob job = new EchoJob(
                fixture.repository, JobOptions.builder().clock(clock).build());

        fixture.resetStatements();
        long id = client.queueJob("echo-jobs", "alice", new Echo("hi"));
        assertThat(client.awaitSentMarks(Duration.ofSeconds(10))).isTrue();
        assertThat(fixture.statements())
                .as("statements to queue a job: the insert, and the sent mark written behind")
                .isEqualTo(2);

        fixture.resetStatements();
        Outcome outcome = job.execute(id);
        assertThat(outcome.type()).isEqualTo(Outcome.Type.SUCCEEDED);
        assertThat(fixture.statements()).as("statements to run a job").isEqualTo(2);
        assertThat(fixture.repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(fixture.repository.getJob(id).getResultData()).contains("hi");
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void aBatchClaimIsOneStatementOnPostgresAndOneAJobOnH2(RepositoryFixture.Database database) {
        RepositoryFixture<Long> fixture = RepositoryFixture.create(
                database,
                database == RepositoryFixture.Database.H2 ? TestDatabases.h2() : TestDatabases.postgresShared(),
                JobKeyType.LONG);
        Instant now = Instant.parse("2026-05-01T08:00:00Z");
        List<ClaimRequest<Long>> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
            job.setUserName("alice");
            job.setRequestType("Echo");
            job.setRequestData("{}");
            job.setQueueName("echo-jobs");
            job.setCreated(now);
            long id = fixture.repository.insert(job).getId();
            requests.add(new ClaimRequest<>(id, "worker-1", now, Duration.ofMinutes(5), 3, "{}"));
        }

        fixture.resetStatements();
        List<ClaimResult<Long>> results = fixture.repository.claimAll(requests);
        assertThat(results).extracting(ClaimResult::type).containsOnly(ClaimResult.Type.CLAIMED);
        assertThat(fixture.statements())
                .as("statements to claim five jobs at once")
                .isEqualTo(database == RepositoryFixture.Database.POSTGRESQL ? 1 : 5);
        fixture.close();
    }
}
