package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.InMemoryJobRepository;
import io.github.aobackgroundjobs.JobRepositoryBase;
import java.util.UUID;

class InMemoryUuidKeyQueryRepositoryContractTest extends JobQueryRepositoryContractTest<UUID> {
    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        return InMemoryJobRepository.withUuidKeys();
    }
}
