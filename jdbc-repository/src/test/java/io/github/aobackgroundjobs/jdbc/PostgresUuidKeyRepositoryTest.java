package io.github.aobackgroundjobs.jdbc;

import java.util.UUID;

class PostgresUuidKeyRepositoryTest extends RepositoryBehaviourTest<UUID> {
    @Override
    protected RepositoryFixture<UUID> createFixture() {
        return RepositoryFixture.uuidKeys(RepositoryFixture.Database.POSTGRESQL);
    }

    @Override
    protected UUID missingId() {
        return UUID.randomUUID();
    }
}
