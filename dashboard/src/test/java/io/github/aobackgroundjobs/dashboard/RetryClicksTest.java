package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.testkit.ForwardingJobQueue;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Retries of one failed job clicked together by its owner requeue it once. The actions and the
 * sends take a while here, as a remote store's and queue's do: every click reads the job FAILED
 * before the first requeue, and a requeued record is PENDING and not yet marked sent while its
 * message goes out, which is when the other clicks' requeues would be accepted. A Retry of a
 * job another write changed between its read and its write tells its owner to try again.
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

    @Test
    void aRetryRefusedBecauseTheJobChangedMeanwhileTellsItsOwnerToTryAgain() throws Exception {
        AtomicReference<Runnable> betweenReadAndWrite = new AtomicReference<>();
        try (DashboardFixture fx = new DashboardFixture((fixture, builder) -> {
            // The client's clock is read once after its read of the job: the other tab's write comes then.
            Clock clock = new Clock() {
                @Override
                public ZoneId getZone() {
                    return fixture.clock.getZone();
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return fixture.clock.withZone(zone);
                }

                @Override
                public Instant instant() {
                    Runnable write = betweenReadAndWrite.getAndSet(null);
                    if (write != null) {
                        write.run();
                    }
                    return fixture.clock.instant();
                }
            };
            builder.actions(JobActions.of(QueueJobClient.builder(fixture.repository, fixture.queue)
                    .clock(clock)
                    .build()));
        })) {
            HttpSession alice = HttpSession.signedIn(fx.server.uri(), "alice");
            Long id = fx.queueFor("alice", "fail", "cleared in another tab");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> fx.repository.getJob(id).getStatus() == JobStatus.FAILED);
            betweenReadAndWrite.set(() -> fx.repository.markCleared(id, fx.clock.instant()));

            HttpResponse<String> refused = alice.post("api/jobs/" + id + "/retry", "{}");

            assertThat(fx.repository.getJob(id).getStatus()).isEqualTo(JobStatus.FAILED);
            assertThat(refused.statusCode()).isEqualTo(409);
            assertThat(HttpSession.json(refused).path("error").asText())
                    .as("the job is FAILED: the reason is the change, not its status")
                    .contains("try again")
                    .doesNotContain("Only a failed");
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
