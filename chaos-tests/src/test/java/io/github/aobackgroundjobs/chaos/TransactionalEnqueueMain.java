package io.github.aobackgroundjobs.chaos;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.UnsentJob;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The application process of {@link TransactionalEnqueueCrashTest}: saves an order and queues
 * its job in one transaction with {@code queueJobInTransaction}, reports how far it got to
 * {@code out}, then waits to be killed, either before the commit ({@code stage=beforeCommit})
 * or after it and before {@code UnsentJob.send()} ({@code stage=afterCommit}).
 *
 * <p>Arguments, {@code key=value}: url, user, connectionString, queue, orderId, stage, out.
 */
public final class TransactionalEnqueueMain {

    /** How long the process waits to be killed; it never sends. */
    private static final long WAIT_MILLIS = 120_000;

    private TransactionalEnqueueMain() {}

    /**
     * @param args {@code key=value} pairs, see the class comment
     * @throws Exception if the database or queue cannot be reached
     */
    public static void main(String[] args) throws Exception {
        ChaosArgs a = ChaosArgs.parse(args);
        long orderId = a.getLong("orderId");
        Path out = Path.of(a.get("out"));
        boolean afterCommit = a.get("stage").equals("afterCommit");
        DataSource dataSource = dataSource(a.get("url"), a.get("user"));
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(dataSource).build();
        AzureStorageJobQueue queue = AzureStorageJobQueue.fromConnectionString(a.get("connectionString"));
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
                insert.setLong(1, orderId);
                insert.executeUpdate();
            }
            UnsentJob<Long> job = client.queueJobInTransaction(
                    connection, a.get("queue"), "alice", new TransactionalEnqueueCrashTest.ShipOrder(orderId));
            if (afterCommit) {
                connection.commit();
            }
            report(out, (afterCommit ? "committed " : "inserted ") + job.id());
            Thread.sleep(WAIT_MILLIS);
            System.exit(3);
        }
    }

    /** The test's database: an H2 file (opened with the durable settings) or PostgreSQL. */
    static DataSource dataSource(String url, String user) {
        if (url.startsWith("jdbc:h2:")) {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL(url);
            h2.setUser(user);
            return h2;
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        postgres.setUser(user);
        postgres.setOptions("-c TimeZone=" + ChaosStores.SESSION_ZONE);
        return postgres;
    }

    private static void report(Path out, String line) throws java.io.IOException {
        Files.write(
                out,
                (line + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.SYNC);
    }
}
