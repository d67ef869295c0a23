package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.JobRepositoryContractTest;

/** custom-repository.md: a repository of one's own, proven by extending the suite with a fresh one per test. */
class MapRepositoryContractTest extends JobRepositoryContractTest<Long> {
    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return new MapJobRepository();
    }
}
