package io.github.aobackgroundjobs.jdbc;

class PostgresLongKeyRepositoryTest extends RepositoryBehaviourTest<Long> {
    @Override
    protected RepositoryFixture<Long> createFixture() {
        return RepositoryFixture.longKeys(RepositoryFixture.Database.POSTGRESQL);
    }

    @Override
    protected Long missingId() {
        return 987_654_321L;
    }
}
