package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.UnsentJob;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** docs/transactions.md, "With Jdbi": the snippet run on H2, committed and rolled back. */
class JdbiTransactionDocumentedTest {

    record ShipOrder(long orderId) {}

    private static long count(Jdbi jdbi, String table) {
        return jdbi.withHandle(h ->
                h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
    }

    @Test
    void theJdbiSnippetSavesOrderAndJobTogetherAndARollbackLeavesNeither() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        Jdbi jdbi = Jdbi.create(ds);
        jdbi.useHandle(h -> h.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(20))"));

        // -- the snippet
        UnsentJob<Long> job = jdbi.inTransaction(handle -> {
            handle.execute("INSERT INTO orders (id, item) VALUES (?, ?)", 43, "lamp");
            return client.queueJobInTransaction(handle.getConnection(), "orders", "alice", new ShipOrder(43));
        });
        job.send();
        // --
        assertThat(repository.getJob(job.id()).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(job.id()).getRequestData()).contains("43");
        assertThat(queue.approximateLength("orders")).hasValue(1);

        assertThatThrownBy(() -> jdbi.useTransaction(handle -> {
                    handle.execute("INSERT INTO orders (id, item) VALUES (?, ?)", 44, "desk");
                    client.queueJobInTransaction(handle.getConnection(), "orders", "alice", new ShipOrder(44));
                    throw new IllegalStateException("out of stock");
                }))
                .hasMessage("out of stock");
        assertThat(count(jdbi, "orders")).isEqualTo(1);
        assertThat(count(jdbi, "background_jobs"))
                .as("no job without its order")
                .isEqualTo(1);
        assertThat(queue.approximateLength("orders")).hasValue(1);
    }
}
