package io.github.aobackgroundjobs.jdbc;

class H2LongKeyRepositoryTest extends RepositoryBehaviourTest<Long> {
    @Override
    protected RepositoryFixture<Long> createFixture() {
        return RepositoryFixture.longKeys(RepositoryFixture.Database.H2);
    }

    @Override
    protected Long missingId() {
        return 987_654_321L;
    }
}
