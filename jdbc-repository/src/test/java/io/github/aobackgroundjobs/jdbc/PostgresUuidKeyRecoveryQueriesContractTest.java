package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.RecoveryQueriesContractTest;
import java.util.UUID;

/** The recovery queries' contract on Postgres, Uuid keys, each test in a fresh schema. */
class PostgresUuidKeyRecoveryQueriesContractTest extends RecoveryQueriesContractTest<UUID> {

    private RepositoryFixture<UUID> database;

    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        database = RepositoryFixture.uuidKeys(RepositoryFixture.Database.POSTGRESQL);
        return database.repository;
    }

    @Override
    protected void closeRepository(JobRepositoryBase<UUID> repository) {
        database.close();
    }
}
