package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

class InMemoryLongKeyOutcomeContractTest extends OutcomeContractTest<Long> {
    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return InMemoryJobRepository.withLongKeys();
    }
}
