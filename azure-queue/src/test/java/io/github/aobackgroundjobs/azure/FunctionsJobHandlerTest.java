package io.github.aobackgroundjobs.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator.Disposition;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator.Invocation;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Functions adapter driven by the {@link FunctionsHostSimulator} from a real Azurite. */
class FunctionsJobHandlerTest {

    private static final Duration DRAIN = Duration.ofSeconds(30);

    private final Azurite azurite = Azurite.shared();
    private final JobsOnAzure jobs = new JobsOnAzure(azurite, "fn");
    private final FunctionsHostSimulator host = jobs.functionsHost(azurite).build();

    @AfterEach
    void closeHost() {
        host.close();
    }

    @Test
    void readsItsSettingsFromTheAppsHostJson() {
        assertThat(host.hostJson().maxDequeueCount()).isEqualTo(3);
        assertThat(host.hostJson().visibilityTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(host.hostJson().batchSize()).isEqualTo(8);
        assertThat(host.hostJson().base64()).isTrue();
        assertThat(host.queueFunctions())
                .containsEntry("CountingJob", jobs.queueName)
                .containsEntry("CountingJobPoison", jobs.queueName + "-poison");
    }

    @Test
    void aSucceedingJobReturnsNormallySoTheHostDeletesItsMessage() {
        long id = jobs.queue(CountingJob.quick());

        host.runUntilIdle(DRAIN);

        assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(host.invocations()).singleElement().satisfies(i -> {
            assertThat(i.functionName()).isEqualTo("CountingJob");
            assertThat(i.disposition()).isEqualTo(Disposition.DELETED);
            assertThat(i.logLines()).anyMatch(line -> line.contains(": SUCCEEDED"));
        });
        assertThat(jobs.length(jobs.queueName)).isZero();
    }

    @Test
    void aRetryIsAFreshDelayedMessageAndTheInvocationDoesNotFail() {
        long retried = jobs.queue(CountingJob.failing(2));
        long failed = jobs.queue(CountingJob.failing(5));

        host.runUntilIdle(DRAIN);

        assertThat(jobs.record(retried).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.record(retried).getAttempts()).isEqualTo(3);
        assertThat(jobs.record(failed).getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(jobs.job.runs(failed)).isEqualTo(3);
        // Every delivery was a fresh message (dequeue count 1) and every invocation returned normally.
        assertThat(host.invocations()).hasSize(6).allSatisfy(i -> {
            assertThat(i.succeeded()).isTrue();
            assertThat(i.dequeueCount()).isEqualTo(1);
        });
        assertThat(jobs.length(jobs.poison())).isZero();
    }

    @Test
    void theSameMessageSentTwiceRunsTheJobOnce() {
        long id = jobs.queue(CountingJob.sleeping(Duration.ofMillis(300)));
        jobs.queue.send(jobs.queueName, jobs.codec.encode(id), Duration.ZERO);

        host.runUntilIdle(DRAIN);

        assertThat(jobs.job.runs(id)).isEqualTo(1);
        assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(host.invocations()).allSatisfy(i -> assertThat(i.succeeded()).isTrue());
    }

    @Test
    void aJobRunningThreeTimesTheHostsLeaseRunsOnceWhileASecondInstancePolls() throws Exception {
        Duration lease = Duration.ofSeconds(2);
        long id = jobs.queue(CountingJob.sleeping(lease.multipliedBy(3)));
        try (FunctionsHostSimulator first =
                        jobs.functionsHost(azurite).messageLease(lease).build();
                FunctionsHostSimulator second =
                        jobs.functionsHost(azurite).messageLease(lease).build()) {
            CompletableFuture<Integer> byFirst = CompletableFuture.supplyAsync(() -> pollUntilDone(first, id));
            CompletableFuture<Integer> bySecond = CompletableFuture.supplyAsync(() -> pollUntilDone(second, id));
            // One instance got the message and kept it hidden for the whole run; the other never saw it.
            assertThat(byFirst.get(60, TimeUnit.SECONDS) + bySecond.get(60, TimeUnit.SECONDS))
                    .isEqualTo(1);
        }
        assertThat(jobs.job.runs(id)).isEqualTo(1);
        assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.length(jobs.queueName)).isZero();
    }

    private int pollUntilDone(FunctionsHostSimulator simulator, long id) {
        int deliveries = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!jobs.record(id).getStatus().isTerminal() && System.nanoTime() < deadline) {
            deliveries += simulator.runOnce();
            sleep(100);
        }
        return deliveries;
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnreachableStoreIsRethrownSoTheHostRetriesThenPoisonsAndThePoisonHandlerAbortsTheJob() {
        long id = jobs.queue(CountingJob.quick());
        String text = jobs.codec.encode(id);
        jobs.repository.down = true;

        // Three deliveries (host.json maxDequeueCount) that throw; the third moves the message to poison.
        for (int delivery = 0; delivery < 3; delivery++) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> host.runOnce() > 0);
        }
        // The same pass that poisons the message may already hand it to the poison function: look at the job's own.
        List<Invocation> failures = host.invocations().stream()
                .filter(i -> i.functionName().equals("CountingJob"))
                .toList();
        assertThat(failures).hasSize(3).allSatisfy(i -> {
            assertThat(i.error()).isInstanceOf(JobStoreUnavailableException.class);
            assertThat(i.messageText()).isEqualTo(text);
        });
        assertThat(failures)
                .extracting(Invocation::disposition)
                .containsExactly(Disposition.RELEASED, Disposition.RELEASED, Disposition.POISONED);
        assertThat(jobs.job.runs(id)).isZero();

        jobs.repository.down = false;
        host.runUntilIdle(DRAIN);

        List<Invocation> poisonRuns = host.invocations().stream()
                .filter(i -> i.functionName().equals("CountingJobPoison"))
                .toList();
        assertThat(poisonRuns)
                .isNotEmpty()
                .allSatisfy(i -> assertThat(i.messageText()).isEqualTo(text));
        assertThat(poisonRuns.get(poisonRuns.size() - 1).error())
                .as("the run after the store is back")
                .isNull();
        assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(jobs.record(id).getExceptionData()).contains(jobs.poison());
        assertThat(jobs.job.runs(id)).isZero();
        assertThat(poisonRuns.get(poisonRuns.size() - 1).logLines())
                .as("the poison handler's decision, in the invocation's own log")
                .anyMatch(line -> line.contains("Queue '" + jobs.poison() + "': the message's job was ABORTED"));
    }

    @Test
    void withMessageEncodingNoneFreshAndPoisonMessagesArePlainText() {
        FunctionsJobHandler<Long> plain = FunctionsJobHandler.builder(jobs.job, jobs.queue, jobs.queueName)
                .messageEncoding(MessageEncoding.NONE)
                .build();
        FunctionsRecoveryTimer recovery = new FunctionsRecoveryTimer(jobs.sweeper());
        long retried = jobs.queue(CountingJob.failing(1));
        jobs.queue.send(jobs.queueName, "{not an id}", Duration.ZERO);

        try (FunctionsHostSimulator none = FunctionsHostSimulator.builder(TestFunctionApp.class)
                .instances(() -> new TestFunctionApp(plain, recovery))
                .hostJson(new io.github.aobackgroundjobs.azure.testing.HostJson(
                        8, 3, Duration.ofSeconds(1), Duration.ofMillis(200), false))
                .setting("AzureWebJobsStorage", azurite.connectionString())
                .setting("JobQueue", jobs.queueName)
                .setting("AzureWebJobs.CountingJobPoison.Disabled", "true")
                .build()) {
            none.runUntilIdle(DRAIN);
            // The retry went out as the plain JSON id, which the host hands over unchanged.
            assertThat(none.invocations())
                    .extracting(Invocation::messageText)
                    .contains(jobs.codec.encode(retried), Long.toString(retried));
        }
        assertThat(jobs.record(retried).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.drainTexts(jobs.poison(), Duration.ofSeconds(5))).containsExactly("{not an id}");
    }

    @Test
    void thePoisonHandlerLeavesFinishedJobsAlone() {
        long id = jobs.queue(CountingJob.quick());
        host.runUntilIdle(DRAIN);
        jobs.queue.send(jobs.poison(), jobs.codec.encode(id), Duration.ZERO);

        host.runUntilIdle(DRAIN);

        assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(host.invocations().get(1).succeeded()).isTrue();
        assertThat(host.invocations().get(1).logLines()).anyMatch(line -> line.contains("nothing to abort"));
    }

    @Test
    void theRecoveryTimerResendsAJobWhoseMessageWasLost() throws Exception {
        long id = jobs.queue(CountingJob.quick());
        // The message is lost (deleted by someone else, a queue cleared): only the record remains.
        jobs.drainTexts(jobs.queueName, Duration.ofSeconds(5));
        TimeUnit.MILLISECONDS.sleep(2_100);

        Invocation timer = host.fireTimer("RecoverJobs");
        assertThat(timer.succeeded()).isTrue();
        assertThat(timer.logLines()).anyMatch(l -> l.contains("1 re-sent"));
        host.runUntilIdle(DRAIN);

        assertThat(jobs.record(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.job.runs(id)).isEqualTo(1);
    }
}
