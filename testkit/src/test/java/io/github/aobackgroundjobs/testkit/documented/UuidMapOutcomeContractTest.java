package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.OutcomeContractTest;
import java.util.Comparator;
import java.util.UUID;

/** custom-repository.md: the outcome suite on the same repository with UUID keys. */
class UuidMapOutcomeContractTest extends OutcomeContractTest<UUID> {
    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        return new KeyedMapJobRepository<>(JobKeyType.UUID, Comparator.comparing(UUID::toString));
    }
}
