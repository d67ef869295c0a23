package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.OutcomeContractTest;
import java.util.UUID;

/** The shared outcome contract (BackgroundJobBase on this repository) on Postgres, Uuid keys, each test in a fresh schema. */
class PostgresUuidKeyOutcomeContractTest extends OutcomeContractTest<UUID> {

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
