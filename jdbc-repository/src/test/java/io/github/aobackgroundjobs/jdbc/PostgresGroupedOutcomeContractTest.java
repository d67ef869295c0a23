package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.OutcomeContractTest;
import java.util.UUID;

/** The shared outcome contract on Postgres with grouped writes, Uuid keys, each test in a fresh schema. */
class PostgresGroupedOutcomeContractTest extends OutcomeContractTest<UUID> {

    private RepositoryFixture<UUID> database;

    @Override
    protected JobRepositoryBase<UUID> createRepository() {
        database = RepositoryFixture.create(
                RepositoryFixture.Database.POSTGRESQL, TestDatabases.postgresShared(), JobKeyType.UUID, true);
        return database.repository;
    }

    @Override
    protected void closeRepository(JobRepositoryBase<UUID> repository) {
        database.close();
    }
}
