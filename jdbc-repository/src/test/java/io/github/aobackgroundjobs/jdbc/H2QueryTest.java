package io.github.aobackgroundjobs.jdbc;

class H2QueryTest extends QueryBehaviourTest {
    @Override
    protected RepositoryFixture<Long> createFixture() {
        return RepositoryFixture.longKeys(RepositoryFixture.Database.H2);
    }
}
