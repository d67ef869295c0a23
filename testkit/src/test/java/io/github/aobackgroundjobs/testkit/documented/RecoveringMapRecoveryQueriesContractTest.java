package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.RecoveryQueriesContractTest;

/** custom-repository.md: the recovery suite on a repository answering both recovery queries itself. */
class RecoveringMapRecoveryQueriesContractTest extends RecoveryQueriesContractTest<Long> {
    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return new RecoveringMapJobRepository(true);
    }
}
