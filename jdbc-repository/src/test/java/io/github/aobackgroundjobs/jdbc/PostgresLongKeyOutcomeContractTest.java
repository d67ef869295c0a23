package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.OutcomeContractTest;

/** The shared outcome contract (BackgroundJobBase on this repository) on Postgres, Long keys, each test in a fresh schema. */
class PostgresLongKeyOutcomeContractTest extends OutcomeContractTest<Long> {

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
