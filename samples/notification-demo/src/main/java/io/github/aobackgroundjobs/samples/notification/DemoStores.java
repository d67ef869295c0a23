package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import java.time.Clock;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** Opens the job records and the queue the options name. */
final class DemoStores {

    private DemoStores() {}

    static JdbiJobRepository<Long> repository(String url, String user, String password) {
        javax.sql.DataSource dataSource;
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            h2.setPassword(password);
            dataSource = h2;
        } else if (url.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(user);
            pg.setPassword(password);
            dataSource = pg;
        } else {
            throw new IllegalArgumentException("'db' must be a jdbc:h2: or jdbc:postgresql: URL.");
        }
        return JdbiJobRepository.builder(dataSource).createOrMigrateSchema(true).build();
    }

    static JobQueue queue(String queue, Clock clock) {
        return queue.equals("memory") ? new InMemoryJobQueue(clock) : AzureStorageJobQueue.fromConnectionString(queue);
    }

    static String describeDb(String url) {
        return url.replaceAll("password=[^;&]*", "password=***");
    }
}
