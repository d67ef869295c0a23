package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.UnsentJob;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import java.sql.Connection;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** After the commit nothing the send meets reaches the caller: the commit happened, the sweeper sends. */
class SendAfterCommitTest {

    @Test
    void aSendThatCannotGoAheadAfterTheCommitIsLoggedNotThrown() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(StarterContexts.newH2Url("send_after_commit"));
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(h2).createOrMigrateSchema(true).build();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        QueueJobClient<Long> client = QueueJobClient.builder(repository, queue).build();
        UnsentJob<Long> unsent;
        try (Connection app = h2.getConnection()) {
            app.setAutoCommit(false);
            unsent = client.queueJobInTransaction(app, "reports", "alice", new GreetingJob.Greeting("Ada"));
            // The record never becomes visible: the send refuses (IllegalStateException), as it
            // would fail on an unreachable store; either way it must not reach the caller.
            app.rollback();
        }

        assertThatCode(() -> new SendAfterCommit(unsent, Runnable::run).afterCommit())
                .doesNotThrowAnyException();
        assertThat(unsent.isSent()).isFalse();
        assertThat(queue.approximateLength("reports").orElseThrow()).isZero();
    }
}
