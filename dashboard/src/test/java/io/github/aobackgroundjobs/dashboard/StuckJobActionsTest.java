package io.github.aobackgroundjobs.dashboard;

import static io.github.aobackgroundjobs.dashboard.support.HttpSession.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.RequestTypes;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.dashboard.support.HttpSession;
import io.github.aobackgroundjobs.dashboard.support.StepJob;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jobs stuck because nobody runs them can be acted on: the admin retries or cancels a RUNNING
 * job whose worker is gone (lease expired) and a PENDING job never sent; a RUNNING job under a
 * live lease answers 409 with the reason, and so does a PENDING job another Retry is sending; a
 * user's cancel of an orphan ends it CANCELLED.
 */
class StuckJobActionsTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private static DashboardFixture fx;
    private static HttpSession alice;
    private static HttpSession root;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture();
        alice = HttpSession.signedIn(fx.server.uri(), "alice");
        root = HttpSession.signedIn(fx.server.uri(), "root");
    }

    @AfterAll
    static void stop() {
        fx.close();
    }

    /** A record whose client died before sending its message: PENDING, never sent. */
    private static long unsent(String label) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType(RequestTypes.nameOf(StepJob.StepRequest.class));
        job.setRequestData(fx.serializer.toJson(new StepJob.StepRequest(label, 1, 1, 0), "request"));
        job.setQueueName(DashboardFixture.STEP_QUEUE);
        // Queued a minute ago, so that a claim back-dated into the past finds it due.
        job.setCreated(fx.clock.instant().minus(Duration.ofMinutes(1)));
        job.setNextAttemptAt(job.getCreated());
        return fx.repository.insert(job).getId();
    }

    /** A job whose worker died while running it: RUNNING, its lease ending {@code leaseLeft} from now. */
    private static long orphan(String label, Duration leaseLeft) {
        long id = unsent(label);
        Instant claimedAt = fx.clock.instant().minus(LEASE).plus(leaseLeft);
        ClaimResult<Long> claim = fx.repository.claim(new ClaimRequest<>(id, "dead-worker", claimedAt, LEASE, 3, "{}"));
        assertThat(claim.type()).isEqualTo(ClaimResult.Type.CLAIMED);
        return id;
    }

    private static JobStatus statusOf(long id) {
        return fx.repository.getJob(id).getStatus();
    }

    @Test
    void theAdminRetriesARunningJobWhoseWorkerIsGone() throws Exception {
        long id = orphan("orphan", Duration.ofSeconds(-5));
        JsonNode view = json(root.get("api/admin/jobs/" + id));
        assertThat(view.path("leaseExpired").asBoolean()).isTrue();
        assertThat(view.path("canRetry").asBoolean()).as("Retry is offered").isTrue();
        assertThat(view.path("canCancel").asBoolean()).as("Cancel is offered").isTrue();

        assertThat(root.post("api/admin/jobs/" + id + "/retry", "{}").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(id) == JobStatus.SUCCEEDED);
        assertThat(fx.repository.getJob(id).getAttempts())
                .as("a fresh budget: the run after the retry is attempt 1")
                .isEqualTo(1);
    }

    @Test
    void aRunningJobUnderALiveLeaseAnswers409WithTheReason() throws Exception {
        long id = orphan("busy", Duration.ofSeconds(25));
        JsonNode view = json(root.get("api/admin/jobs/" + id));
        assertThat(view.path("leaseExpired").asBoolean()).isFalse();
        assertThat(view.path("canRetry").asBoolean())
                .as("no Retry while the lease is live")
                .isFalse();

        HttpResponse<String> refused = root.post("api/admin/jobs/" + id + "/retry", "{}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("error").asText())
                .contains("running")
                .contains("lease")
                .contains("expired");
        assertThat(statusOf(id)).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void theAdminRetriesAPendingJobNeverSentButNotOneWaitingInItsQueue() throws Exception {
        long neverSent = unsent("never sent");
        JsonNode view = json(root.get("api/admin/jobs/" + neverSent));
        assertThat(view.path("canRetry").asBoolean())
                .as("Retry is offered for a job never sent")
                .isTrue();
        assertThat(root.post("api/admin/jobs/" + neverSent + "/retry", "{}").statusCode())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> statusOf(neverSent) == JobStatus.SUCCEEDED);

        long waiting = unsent("waiting");
        fx.repository.markSent(waiting, fx.clock.instant());
        assertThat(json(root.get("api/admin/jobs/" + waiting)).path("canRetry").asBoolean())
                .as("no Retry for a job whose message is out")
                .isFalse();
        HttpResponse<String> refused = root.post("api/admin/jobs/" + waiting + "/retry", "{}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("error").asText()).contains("waiting in its queue");
        assertThat(fx.repository.getJob(waiting).getSendCount()).isEqualTo(1);
    }

    @Test
    void theAdminCancelsARunningJobWhoseWorkerIsGone() throws Exception {
        long id = orphan("orphan to cancel", Duration.ofSeconds(-1));
        HttpResponse<String> cancelled = root.post("api/admin/jobs/" + id + "/cancel", "{}");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json(cancelled).path("result").asText()).isEqualTo("CANCELLED");
        assertThat(statusOf(id)).isEqualTo(JobStatus.CANCELLED);
        assertThat(fx.repository.getJob(id).getLeaseOwner()).isNull();
    }

    @Test
    void aUsersCancelOfAJobWhoseWorkerDiedEndsItOnceTheLeaseHasExpired() throws Exception {
        long id = orphan("dies while cancelling", Duration.ofMillis(800));
        HttpResponse<String> requested = alice.post("api/jobs/" + id + "/cancel", "{}");
        assertThat(json(requested).path("result").asText())
                .as("its worker may still be alive: the flag is set")
                .isEqualTo("REQUESTED");
        assertThat(json(alice.get("api/jobs/" + id)).path("canCancel").asBoolean())
                .as("no second Cancel while the lease is live")
                .isFalse();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> json(alice.get("api/jobs/" + id)).path("canCancel").asBoolean());
        HttpResponse<String> again = alice.post("api/jobs/" + id + "/cancel", "{}");
        assertThat(json(again).path("result").asText())
                .as("the lease has expired: nobody runs it, so it ends CANCELLED")
                .isEqualTo("CANCELLED");
        assertThat(statusOf(id)).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aJobAnotherRetryIsSendingIsNotRetriedAgain() throws Exception {
        long id = unsent("being sent");
        BackgroundJobInfo<Long> read = fx.repository.getJob(id);
        Instant now = fx.clock.instant();
        // Another dashboard's Retry, between its requeue and its send.
        assertThat(fx.repository.requeueIfUnchanged(id, read.getVersion(), now, now, now.plus(Duration.ofMinutes(1))))
                .isTrue();
        BackgroundJobInfo<Long> held = fx.repository.getJob(id);

        assertThat(json(root.get("api/admin/jobs/" + id)).path("canRetry").asBoolean())
                .as("no Retry while another Retry's message is on its way")
                .isFalse();
        HttpResponse<String> refused = root.post("api/admin/jobs/" + id + "/retry", "{}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("error").asText()).contains("just been retried");
        assertThat(alice.post("api/jobs/" + id + "/retry", "{}").statusCode()).isEqualTo(409);
        assertThat(fx.repository.getJob(id).getVersion())
                .as("nothing written: no requeue, so nothing sent either")
                .isEqualTo(held.getVersion());
    }

    @Test
    void aUserCannotRetryAJobThatIsNotFinished() throws Exception {
        long id = orphan("user's orphan", Duration.ofSeconds(-5));
        assertThat(json(alice.get("api/jobs/" + id)).path("canRetry").asBoolean())
                .as("the user's view offers Retry for failed, aborted or cancelled jobs only")
                .isFalse();
        HttpResponse<String> refused = alice.post("api/jobs/" + id + "/retry", "{}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(statusOf(id)).isEqualTo(JobStatus.RUNNING);
    }
}
