package io.github.aobackgroundjobs.micrometer;

import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** The same real run on the Jdbi repository over H2: the pickup latencies are the ones H2 stored. */
class H2MetricsTest {

    @Test
    void aRealRunOnH2IsCountedAndTimedAsItRan() throws InterruptedException, SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(Jdbi.create(ds))
                .createOrMigrateSchema(true)
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (RealRun<Long> run = new RealRun<>(repository, registry)) {
            run.run();
            MetricsAssertions.checkRun(registry, run);
        } finally {
            try (Connection c = ds.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }
}
