package io.github.aobackgroundjobs.testkit.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.JobRepositoryContractTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * custom-repository.md: a repository of one's own, proven by extending the suite with a fresh
 * one per test, released by {@code closeRepository}.
 */
class MapRepositoryContractTest extends JobRepositoryContractTest<Long> {

    private static final List<JobRepositoryBase<Long>> CREATED = new ArrayList<>();
    private static final List<JobRepositoryBase<Long>> CLOSED = new ArrayList<>();

    @Override
    protected JobRepositoryBase<Long> createRepository() {
        MapJobRepository created = new MapJobRepository();
        CREATED.add(created);
        return created;
    }

    @Override
    protected void closeRepository(JobRepositoryBase<Long> repository) {
        CLOSED.add(repository);
    }

    @Test
    void theSuiteTestsTheRepositoryCreateRepositoryReturned() {
        assertThat(repository).isSameAs(CREATED.get(CREATED.size() - 1));
        assertThat(repository.findActiveJobs("alice", 10)).as("fresh and empty").isEmpty();
    }

    @AfterAll
    static void everyTestGotARepositoryOfItsOwnAndClosedIt() {
        assertThat(CREATED).isNotEmpty().doesNotHaveDuplicates();
        assertThat(CLOSED)
                .as("closeRepository got each repository createRepository made")
                .isEqualTo(CREATED);
    }
}
