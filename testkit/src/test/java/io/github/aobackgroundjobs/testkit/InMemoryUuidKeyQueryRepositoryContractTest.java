package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.UUID;

class InMemoryUuidKeyQueryRepositoryContractTest extends JobQueryRepositoryContractTest<UUID> {
    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        return InMemoryJobRepository.withUuidKeys();
    }
}
