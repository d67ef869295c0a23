package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Regression (found by {@link PostgresQueryFilterFuzzTest}): PostgreSQL text cannot hold NUL,
 * and binding a filter value containing one failed the statement with an undocumented
 * exception. Such a filter matches nothing, consistently with the rule that no record can hold
 * a NUL in its user name or request type: inserting one is refused before the statement runs.
 */
class PostgresNulFilterTest {

    @Test
    void aFilterContainingNulMatchesNothingInsteadOfFailing() {
        JdbiJobRepository<Long> repo = RepositoryFixture.longKeys(RepositoryFixture.Database.POSTGRESQL).repository;
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("Zip");
        job.setRequestData("{}");
        job.setQueueName("work");
        job.setCreated(Instant.parse("2026-11-29T00:00:00Z"));
        repo.insert(job);

        JobPage<Long> byUser =
                repo.findJobs(JobQuery.builder().userName("ali\u0000ce").build());
        JobPage<Long> byType =
                repo.findJobs(JobQuery.builder().requestType("Zip\u0000").build());

        assertThat(byUser.items()).isEmpty();
        assertThat(byUser.total()).isZero();
        assertThat(byType.items()).isEmpty();
        assertThat(repo.findActiveJobs("alice\u0000", 10)).isEmpty();
        assertThat(repo.findUpdatedSince(Instant.EPOCH, "\u0000alice", 10)).isEmpty();
        assertThat(repo.findJobs(JobQuery.builder().userName("alice").build()).total())
                .isEqualTo(1);
    }

    @Test
    void aRecordWithNulInItsUserNameOrRequestTypeIsRefusedNamingTheField() {
        JdbiJobRepository<Long> repo = RepositoryFixture.longKeys(RepositoryFixture.Database.POSTGRESQL).repository;
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("ali\u0000ce");
        job.setRequestType("Zip");
        job.setRequestData("{}");
        job.setQueueName("work");
        job.setCreated(Instant.parse("2026-11-29T00:00:00Z"));
        assertThatThrownBy(() -> repo.insert(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'userName' cannot contain the NUL character");
        job.setUserName("alice");
        job.setRequestType("Zip\u0000");
        assertThatThrownBy(() -> repo.insert(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'requestType' cannot contain the NUL character");
        assertThat(repo.findJobs(JobQuery.builder().countCap(100_000).build()).total())
                .isZero();
    }
}
