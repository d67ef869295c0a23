package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.JobActionRefusedException;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The cap's refusal: the count it names is the one that refused, and a Retry's names the job's user. */
class DemoJobLimitTest {

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, new InMemoryJobQueue()).build();

    private Long queue(String user) {
        return client.queueJob("reports", user, new ReportJob.ReportRequest("r", 0));
    }

    @Test
    void theRefusalNamesTheCountThatRefusedEvenIfAJobFinishesRightAfter() {
        queue("demo");
        Long second = queue("demo");
        // A job of the user finishes right after the limit counted: the count it read (2) refused.
        AtomicReference<Runnable> afterCount =
                new AtomicReference<>(() -> repository.requestCancel(second, Instant.now()));
        @SuppressWarnings("unchecked")
        JobQueryRepository<Long> racing = (JobQueryRepository<Long>) Proxy.newProxyInstance(
                JobQueryRepository.class.getClassLoader(), new Class<?>[] {JobQueryRepository.class}, (p, m, a) -> {
                    try {
                        Object result = m.invoke(repository, a);
                        Runnable once = afterCount.getAndSet(null);
                        if (once != null) {
                            once.run();
                        }
                        return result;
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        DemoJobLimit limit = new DemoJobLimit(racing, 2);

        assertThatThrownBy(() -> limit.queueWithin("demo", () -> queue("demo"), true))
                .isInstanceOf(JobActionRefusedException.class)
                .hasMessageStartingWith("You have 2 unfinished jobs; the demo takes at most 2 ")
                .satisfies(e ->
                        assertThat(((JobActionRefusedException) e).getStatus()).isEqualTo(429));
        assertThat(repository.getJob(second).getStatus()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aRetryRefusedAtTheCapNamesTheJobsUserNotYou() {
        DemoJobLimit limit = new DemoJobLimit(repository, 1);
        Long cancelled = queue("demo");
        repository.requestCancel(cancelled, Instant.now());
        queue("demo");
        DemoJobActions actions = new DemoJobActions(JobActions.of(client), repository, limit);

        // The admin's Retry of the user's job goes through the same actions as the user's own.
        assertThatThrownBy(() -> actions.retry(cancelled))
                .isInstanceOf(JobActionRefusedException.class)
                .hasMessageStartingWith("User 'demo' has 1 unfinished jobs; the demo takes at most 1 ");
        assertThat(repository.getJob(cancelled).getStatus()).isEqualTo(JobStatus.CANCELLED);
    }
}
