package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.support.EchoRequest;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The transactional form refuses, before anything is written, a repository that keeps its
 * records outside any JDBC database and a missing connection. Its behaviour on real databases
 * is proved in the JDBC repository's tests.
 */
class QueueJobInTransactionTest {

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(Clock.systemUTC());
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).build();

    /** A connection that fails the test if the library touches it at all. */
    private static Connection untouchable() {
        return (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    throw new AssertionError("the connection was used: " + method.getName());
                });
    }

    @Test
    void theInMemoryRepositoryCannotJoinATransactionAndSaysSo() {
        assertThat(repository.supportsApplicationTransactions()).isFalse();
        assertThatThrownBy(() -> client.queueJobInTransaction(untouchable(), "reports", "alice", EchoRequest.ok("x")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("InMemoryJobRepository")
                .hasMessageContaining("JdbiJobRepository");
        assertThat(repository.findUnfinishedJobs(Set.of("reports"), null, 10)).isEmpty();
        assertThat(queue.approximateLength("reports").orElseThrow()).isZero();
    }

    @Test
    void aMissingConnectionIsNamed() {
        assertThatThrownBy(() -> client.queueJobInTransaction(null, "reports", "alice", EchoRequest.ok("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'connection'");
    }

    @Test
    void invalidArgumentsAreRefusedBeforeTheConnectionIsUsed() {
        assertThatThrownBy(() -> client.queueJobInTransaction(untouchable(), "", "alice", EchoRequest.ok("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> client.queueJobInTransaction(untouchable(), "reports", "alice", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'request'");
    }
}
