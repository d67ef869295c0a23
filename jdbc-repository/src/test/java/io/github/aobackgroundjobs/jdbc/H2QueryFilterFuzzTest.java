package io.github.aobackgroundjobs.jdbc;

/** The query filter fuzz test on H2: 10,000 cases. */
class H2QueryFilterFuzzTest extends QueryFilterFuzzTest {
    @Override
    protected RepositoryFixture<Long> createFixture() {
        return RepositoryFixture.longKeys(RepositoryFixture.Database.H2);
    }

    @Override
    protected int cases() {
        return 10_000;
    }
}
