package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.UUID;

class InMemoryUuidKeyRepositoryContractTest extends JobRepositoryContractTest<UUID> {
    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        return InMemoryJobRepository.withUuidKeys();
    }
}
