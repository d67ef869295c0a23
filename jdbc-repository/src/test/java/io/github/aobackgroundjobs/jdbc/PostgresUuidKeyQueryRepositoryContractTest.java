package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.JobQueryRepositoryContractTest;
import java.util.UUID;

/** The shared dashboard query contract on Postgres, Uuid keys, each test in a fresh schema. */
class PostgresUuidKeyQueryRepositoryContractTest extends JobQueryRepositoryContractTest<UUID> {

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
