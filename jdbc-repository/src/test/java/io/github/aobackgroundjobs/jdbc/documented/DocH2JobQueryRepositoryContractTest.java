package io.github.aobackgroundjobs.jdbc.documented;

import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.JobQueryRepositoryContractTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** The testkit's {@code JobQueryRepositoryContractTest} on H2, set up exactly as docs/custom-repository.md shows. */
class DocH2JobQueryRepositoryContractTest extends JobQueryRepositoryContractTest<Long> {
    private JdbcDataSource dataSource;

    @Override
    protected JobRepositoryBase<Long> createRepository() {
        dataSource = new JdbcDataSource(); // each test starts empty
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return JdbiJobRepository.builder(dataSource).createOrMigrateSchema(true).build();
    }

    @Override
    protected void closeRepository(JobRepositoryBase<Long> repository) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN"); // drops the in-memory database
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
