package io.github.aobackgroundjobs.jdbc;

class PostgresQueryTest extends QueryBehaviourTest {
    @Override
    protected RepositoryFixture<Long> createFixture() {
        return RepositoryFixture.longKeys(RepositoryFixture.Database.POSTGRESQL);
    }
}
