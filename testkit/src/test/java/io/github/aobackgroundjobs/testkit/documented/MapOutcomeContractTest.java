package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.OutcomeContractTest;

/** custom-repository.md: every row of the outcome table run on a repository of one's own. */
class MapOutcomeContractTest extends OutcomeContractTest<Long> {
    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return new MapJobRepository();
    }
}
