package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Retries of one failed job clicked together by its owner requeue it once. The actions and the
 * sends take a while here, as a remote store's and queue's do: every click reads the job FAILED
 * before the first requeue, and a requeued record is PENDING and not yet marked sent while its
 * message goes out, which is when the other clicks' requeues would be accepted.
 */
class RetryClicksTest {

    private static final int CLICKS = 20;

    @Test
    void retriesClickedTogetherRequeueAFailedJobOnce() throws Exception {
        AtomicInteger sends = new AtomicInteger();
        try (DashboardFixture fx = new DashboardFixture((fixture, builder) -> {
            ForwardingJobQueue slowSends = new ForwardingJobQueue(fixture.queue) {
                @Override
                public String send(String queueName, String text, Duration initialDelay) {
                    sends.incrementAndGet();
                    pause(100);
                    return super.send(queueName, text, initialDelay);
                }
            };
            JobActions<Long> actions = JobActions.of(QueueJobClient.builder(fixture.repository, slowSends)
                    .clock(fixture.clock)
                    .build());
            // A store a round trip away: the Retry's check and its requeue are apart in time.
            builder.actions(new JobActions<>() {
                @Override
                public boolean retry(Long id) {
                    pause(100);
                    return actions.retry(id);
                }

                @Override
                public CancelResult cancel(Long id) {
                    return actions.cancel(id);
                }

                @Override
                public boolean clear(Long id) {
                    return actions.clear(id);
                }
            });
        })) {
            HttpSession alice = HttpSession.signedIn(fx.server.uri(), "alice");
            Long id = fx.queueFor("alice", "fail", "clicked together");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> fx.repository.getJob(id).getStatus() == JobStatus.FAILED);

            List<Integer> codes = clickRetryTogether(alice, id);

            assertThat(codes).filteredOn(c -> c == 200).hasSize(1);
            assertThat(codes).filteredOn(c -> c == 409).hasSize(CLICKS - 1);
            assertThat(sends.get()).as("one message for the one requeue").isEqualTo(1);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Integer> clickRetryTogether(HttpSession user, Long id) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLICKS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < CLICKS; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return user.post("api/jobs/" + id + "/retry", "{}").statusCode();
                }));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                codes.add(answer.get(60, TimeUnit.SECONDS));
            }
            return codes;
        } finally {
            pool.shutdownNow();
        }
    }
}
