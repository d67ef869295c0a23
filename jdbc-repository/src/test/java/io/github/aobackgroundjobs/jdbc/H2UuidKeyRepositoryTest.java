package io.github.aobackgroundjobs.jdbc;

import java.util.UUID;

class H2UuidKeyRepositoryTest extends RepositoryBehaviourTest<UUID> {
    @Override
    protected RepositoryFixture<UUID> createFixture() {
        return RepositoryFixture.uuidKeys(RepositoryFixture.Database.H2);
    }

    @Override
    protected UUID missingId() {
        return UUID.randomUUID();
    }
}
