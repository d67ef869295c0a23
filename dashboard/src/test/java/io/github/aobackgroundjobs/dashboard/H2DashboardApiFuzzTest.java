package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import org.h2.jdbcx.JdbcDataSource;

/**
 * {@link DashboardApiFuzzTest} over the JDBC repository on an in-memory H2 database, so the
 * fuzzed filters, pages and dates reach real SQL: 2,000 requests.
 */
class H2DashboardApiFuzzTest extends DashboardApiFuzzTest {

    @Override
    protected JobRepositoryBase<Long> createRepository() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:dashboard-fuzz-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        return JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
    }

    @Override
    protected int cases() {
        return 2_000;
    }

    @Override
    protected long defaultSeed() {
        return 0x5eed_0051L;
    }
}
