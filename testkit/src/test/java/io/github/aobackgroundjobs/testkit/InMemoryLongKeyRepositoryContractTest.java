package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

class InMemoryLongKeyRepositoryContractTest extends JobRepositoryContractTest<Long> {
    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return InMemoryJobRepository.withLongKeys();
    }
}
