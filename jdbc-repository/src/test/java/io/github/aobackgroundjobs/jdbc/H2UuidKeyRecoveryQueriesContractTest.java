package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.RecoveryQueriesContractTest;
import java.util.UUID;

/** The recovery queries' contract on H2, Uuid keys, each test in a fresh database. */
class H2UuidKeyRecoveryQueriesContractTest extends RecoveryQueriesContractTest<UUID> {

    private RepositoryFixture<UUID> database;

    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        database = RepositoryFixture.uuidKeys(RepositoryFixture.Database.H2);
        return database.repository;
    }

    @Override
    protected void closeRepository(JobRepositoryBase<UUID> repository) {
        database.close();
    }
}
