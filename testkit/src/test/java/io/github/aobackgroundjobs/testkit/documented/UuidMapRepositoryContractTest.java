package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.JobRepositoryContractTest;
import java.util.Comparator;
import java.util.UUID;

/** custom-repository.md: "Run both key types if you support both: one subclass per key type." */
class UuidMapRepositoryContractTest extends JobRepositoryContractTest<UUID> {
    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        return new KeyedMapJobRepository<>(JobKeyType.UUID, Comparator.comparing(UUID::toString));
    }
}
