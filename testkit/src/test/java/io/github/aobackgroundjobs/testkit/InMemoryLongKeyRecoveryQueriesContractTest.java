package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

class InMemoryLongKeyRecoveryQueriesContractTest extends RecoveryQueriesContractTest<Long> {
    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return InMemoryJobRepository.withLongKeys();
    }
}
