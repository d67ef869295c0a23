package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.RecoveryQueriesContractTest;

/** The recovery queries' contract on H2, Long keys, each test in a fresh database. */
class H2LongKeyRecoveryQueriesContractTest extends RecoveryQueriesContractTest<Long> {

    private RepositoryFixture<Long> database;

    @Override
    protected JobRepositoryBase<Long> createRepository() {
        database = RepositoryFixture.longKeys(RepositoryFixture.Database.H2);
        return database.repository;
    }

    @Override
    protected void closeRepository(JobRepositoryBase<Long> repository) {
        database.close();
    }
}
