package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.JobRepositoryContractTest;

/** The shared repository contract on Postgres with grouped writes, Long keys, each test in a fresh schema. */
class PostgresGroupedRepositoryContractTest extends JobRepositoryContractTest<Long> {

    private RepositoryFixture<Long> database;

    @Override
    protected JobRepositoryBase<Long> createRepository() {
        database = RepositoryFixture.create(
                RepositoryFixture.Database.POSTGRESQL, TestDatabases.postgresShared(), JobKeyType.LONG, true);
        return database.repository;
    }

    @Override
    protected void closeRepository(JobRepositoryBase<Long> repository) {
        database.close();
    }
}
