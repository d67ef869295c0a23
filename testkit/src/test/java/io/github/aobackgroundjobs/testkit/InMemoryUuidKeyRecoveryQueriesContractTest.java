package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.UUID;

class InMemoryUuidKeyRecoveryQueriesContractTest extends RecoveryQueriesContractTest<UUID> {
    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        return InMemoryJobRepository.withUuidKeys();
    }
}
