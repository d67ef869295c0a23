package io.github.aobackgroundjobs.jdbc;

import javax.sql.DataSource;

/** The transactional form of queueing on H2. */
class H2ApplicationTransactionTest extends ApplicationTransactionContract {

    @Override
    RepositoryFixture<Long> fixture() {
        return RepositoryFixture.longKeys(RepositoryFixture.Database.H2);
    }

    @Override
    DataSource otherDatabase() {
        return TestDatabases.h2();
    }
}
