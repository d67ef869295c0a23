package io.github.aobackgroundjobs.dashboard.documented;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.JobDownload;
import io.github.aobackgroundjobs.dashboard.JobOutput;
import io.github.aobackgroundjobs.dashboard.JobRenderer;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of {@link JobActions#of} (what Retry, Cancel and Clear return, and that each tells the
 * repository's listeners) and of {@link JobRenderer} (what a failing renderer or download comes to).
 */
class JobActionsJavadocTest {

    /** A request type with a renderer that fails. */
    record Fragile(int n) {}

    @Test
    void theStockActionsReturnWhatHappenedAndTellTheListeners() throws Exception {
        try (Direct d = new Direct()) {
            JobActions<Long> actions = JobActions.of(d.client);
            LinkedBlockingQueue<JobStatus> told = new LinkedBlockingQueue<>();
            Long id = d.client.queueJob(DashboardFixture.STEP_QUEUE, "alice", new Fragile(1));
            try (Registration listening = d.repository.updates().addListener(job -> told.add(job.getStatus()))) {
                assertThat(actions.retry(id))
                        .as("PENDING with its message sent")
                        .isFalse();
                assertThat(actions.cancel(id)).isEqualTo(CancelResult.CANCELLED);
                assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.CANCELLED);
                assertThat(actions.cancel(id)).isEqualTo(CancelResult.ALREADY_DONE);
                assertThat(actions.retry(id)).as("CANCELLED").isTrue();
                assertThat(told.poll(10, TimeUnit.SECONDS)).isEqualTo(JobStatus.PENDING);
                assertThat(d.repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
                actions.cancel(id);
                told.clear();
                assertThat(actions.clear(id)).isTrue();
                assertThat(told.poll(10, TimeUnit.SECONDS)).isNotNull();
            }
            Long missing = id + 1_000;
            assertThat(actions.retry(missing)).isFalse();
            assertThat(actions.cancel(missing)).isEqualTo(CancelResult.NOT_FOUND);
            assertThat(actions.clear(missing)).isFalse();
        }
    }

    @Test
    void aRendererThatThrowsShowsTheJobWithoutOutput() {
        JobRenderer<Long> failing = job -> {
            throw new IllegalStateException("cannot read");
        };
        try (Direct d = new Direct(b -> b.renderer("Fragile", failing))) {
            Long id = d.client.queueJob(DashboardFixture.STEP_QUEUE, "alice", new Fragile(1));
            DashboardResponse r = d.get("/api/jobs/" + id, d.signIn("alice").cookie());
            assertThat(r.status()).isEqualTo(200);
            JsonNode view = Direct.json(r);
            assertThat(view.path("id").asText()).isEqualTo(id.toString());
            assertThat(view.path("output").isArray()).isTrue();
            assertThat(view.path("output")).isEmpty();
        }
    }

    @Test
    void aRendererThatThrowsAnErrorShowsTheJobWithoutOutput() {
        // A renderer's AssertionError or missing class failed the whole view (every job list of
        // the user holding such a job), where an exception showed that one job without output.
        for (Error failure :
                List.<Error>of(new AssertionError("renderer bug"), new NoClassDefFoundError("com/example/Missing"))) {
            JobRenderer<Long> failing = job -> {
                throw failure;
            };
            try (Direct d = new Direct(b -> b.renderer("Fragile", failing))) {
                Long id = d.client.queueJob(DashboardFixture.STEP_QUEUE, "alice", new Fragile(1));
                String alice = d.signIn("alice").cookie();
                DashboardResponse one = d.get("/api/jobs/" + id, alice);
                DashboardResponse all = d.get("/api/jobs", alice);
                assertThat(one.status()).as(failure.getClass().getSimpleName()).isEqualTo(200);
                assertThat(Direct.json(one).path("output")).isEmpty();
                assertThat(all.status()).as(failure.getClass().getSimpleName()).isEqualTo(200);
            }
        }
    }

    @Test
    void aDownloadThatCannotBeReadIs500WithoutInternals_whateverItThrows() throws Exception {
        for (Exception failure : List.<Exception>of(
                new IllegalStateException("disk /srv/jobs/42 gone"),
                new IllegalArgumentException("disk /srv/jobs/42 gone"),
                new java.io.IOException("disk /srv/jobs/42 gone"))) {
            JobRenderer<Long> renderer = new JobRenderer<>() {
                @Override
                public List<JobOutput> render(io.github.aobackgroundjobs.BackgroundJobInfo<Long> job) {
                    return List.of(JobOutput.download("Download"));
                }

                @Override
                public Optional<JobDownload> download(io.github.aobackgroundjobs.BackgroundJobInfo<Long> job)
                        throws Exception {
                    throw failure;
                }
            };
            try (Direct d = new Direct(b -> b.renderer("Fragile", renderer))) {
                Long id = d.client.queueJob(DashboardFixture.STEP_QUEUE, "alice", new Fragile(1));
                DashboardResponse r =
                        d.get("/api/jobs/" + id + "/download", d.signIn("alice").cookie());
                assertThat(r.status()).as(failure.getClass().getSimpleName()).isEqualTo(500);
                assertThat(new String(r.body(), StandardCharsets.UTF_8)).doesNotContain("/srv/jobs");
            }
        }
    }

    @Test
    void aDownloadIsServedToTheJobsOwnerOnly() throws Exception {
        JobRenderer<Long> renderer = new JobRenderer<>() {
            @Override
            public List<JobOutput> render(io.github.aobackgroundjobs.BackgroundJobInfo<Long> job) {
                return List.of(JobOutput.download("Download"));
            }

            @Override
            public Optional<JobDownload> download(io.github.aobackgroundjobs.BackgroundJobInfo<Long> job) {
                return Optional.of(
                        new JobDownload("report 1.csv", "text/csv", "a,b\n".getBytes(StandardCharsets.UTF_8)));
            }
        };
        try (Direct d = new Direct(b -> b.renderer("Fragile", renderer))) {
            Long id = d.client.queueJob(DashboardFixture.STEP_QUEUE, "alice", new Fragile(1));
            DashboardResponse own =
                    d.get("/api/jobs/" + id + "/download", d.signIn("alice").cookie());
            assertThat(own.status()).isEqualTo(200);
            assertThat(own.headers()).containsEntry("Content-Type", "text/csv");
            assertThat(own.headers().get("Content-Disposition")).contains("filename=\"report_1.csv\"");
            assertThat(own.body()).asString(StandardCharsets.UTF_8).isEqualTo("a,b\n");
            DashboardResponse others =
                    d.get("/api/jobs/" + id + "/download", d.signIn("bob").cookie());
            assertThat(others.status()).isEqualTo(404);
            assertThat(new ObjectMapper().readTree(others.body()).path("error").asText())
                    .isEqualTo("No such job.");
        }
    }
}
