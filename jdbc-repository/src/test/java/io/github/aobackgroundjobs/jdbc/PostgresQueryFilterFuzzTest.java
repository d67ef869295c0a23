package io.github.aobackgroundjobs.jdbc;

/** The query filter fuzz test on PostgreSQL (sessions far from UTC): 2,000 cases (10,000 run on H2). */
class PostgresQueryFilterFuzzTest extends QueryFilterFuzzTest {
    @Override
    protected RepositoryFixture<Long> createFixture() {
        return RepositoryFixture.longKeys(RepositoryFixture.Database.POSTGRESQL);
    }

    @Override
    protected int cases() {
        return 2_000;
    }
}
