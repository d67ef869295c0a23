package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.RecoveryQueriesContractTest;

/** The recovery queries' contract on Postgres, Long keys, each test in a fresh schema. */
class PostgresLongKeyRecoveryQueriesContractTest extends RecoveryQueriesContractTest<Long> {

    private RepositoryFixture<Long> database;

    @Override
    protected JobRepositoryBase<Long> createRepository() {
        database = RepositoryFixture.longKeys(RepositoryFixture.Database.POSTGRESQL);
        return database.repository;
    }

    @Override
    protected void closeRepository(JobRepositoryBase<Long> repository) {
        database.close();
    }
}
