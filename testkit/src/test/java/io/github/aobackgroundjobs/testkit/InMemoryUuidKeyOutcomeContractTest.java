package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.InMemoryJobRepository;
import io.github.aobackgroundjobs.JobRepositoryBase;
import java.util.UUID;

class InMemoryUuidKeyOutcomeContractTest extends OutcomeContractTest<UUID> {
    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        return InMemoryJobRepository.withUuidKeys();
    }
}
