package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.InMemoryJobRepository;
import io.github.aobackgroundjobs.JobRepositoryBase;

class InMemoryLongKeyQueryRepositoryContractTest extends JobQueryRepositoryContractTest<Long> {
    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return InMemoryJobRepository.withLongKeys();
    }
}
