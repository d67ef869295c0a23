package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A request and a result holding half of a surrogate pair (a text cut in the middle of an emoji)
 * come back from the database as they were given. PostgreSQL, a UTF-8 database, stored {@code ?}
 * in place of each half, so the job read another request than the one queued.
 */
class UnpairedSurrogateDataTest {

    public record Req(String text) {}

    public record Res(String text) {}

    static final String TEXT = "cut \ud83d, \ude00 alone, pair \ud83d\ude00, end \ud83d";

    /** Answers with the request's text and a half of its own. */
    static final class EchoJob extends BackgroundJobBase<Long, Req, Res> {
        EchoJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    Req.class,
                    Res.class,
                    JobOptions.builder().retryPolicy(RetryPolicy.none()).build());
        }

        @Override
        protected Res onExecute(Req request, JobContext<Long> context) {
            return new Res(request.text() + " \udc00");
        }
    }

    @ParameterizedTest
    @EnumSource(RepositoryFixture.Database.class)
    void requestAndResultComeBackAsGiven(RepositoryFixture.Database database) {
        RepositoryFixture<Long> fixture = RepositoryFixture.longKeys(database);
        try {
            QueueJobClient<Long> client = QueueJobClient.builder(fixture.repository, new InMemoryJobQueue())
                    .build();
            EchoJob job = new EchoJob(fixture.repository);

            Long id = client.queueJob("work", "alice", new Req(TEXT));
            job.execute(id);

            BackgroundJobInfo<Long> stored = fixture.repository.getJob(id);
            JobSerializer serializer = JobSerializer.defaults();
            assertThat(stored.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(serializer.readRequest(stored, Req.class)).isEqualTo(new Req(TEXT));
            assertThat(serializer.readResult(stored, Res.class)).contains(new Res(TEXT + " \udc00"));
            assertThat(stored.getRequestData()).contains("\\ud83d,").doesNotContain("?");
        } finally {
            fixture.close();
        }
    }
}
