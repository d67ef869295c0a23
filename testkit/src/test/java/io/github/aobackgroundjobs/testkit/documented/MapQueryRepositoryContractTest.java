package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.JobQueryRepositoryContractTest;

/** custom-repository.md: the dashboard's queries of a repository of one's own, proven by the query suite. */
class MapQueryRepositoryContractTest extends JobQueryRepositoryContractTest<Long> {
    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return new MapJobQueryRepository();
    }
}
