package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.RecoveryQueriesContractTest;

/**
 * custom-repository.md: the recovery suite on a repository that overrides only
 * {@code findUnfinishedJobs}; the default of {@code findSweepCandidates} with a cut-off per kind
 * must pass it too.
 */
class DefaultSweepQueryRecoveryQueriesContractTest extends RecoveryQueriesContractTest<Long> {
    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return new RecoveringMapJobRepository(false);
    }
}
