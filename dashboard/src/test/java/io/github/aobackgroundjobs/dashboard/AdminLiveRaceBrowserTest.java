package io.github.aobackgroundjobs.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.support.Browser;
import io.github.aobackgroundjobs.dashboard.support.DashboardFixture;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobCompletion;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin page reads its job list before its live stream is subscribed; a change made in
 * between reaches neither. The page must read the list again once the stream is ready.
 *
 * <p>The race is made certain: the page's first list is answered by a route that, right after
 * the real dashboard has written the answer, finishes a RUNNING job without telling anyone (as
 * a change published before the subscription would be missed). No other job runs, so no later
 * event would refresh the page by chance.
 */
class AdminLiveRaceBrowserTest {

    private static final PasswordAuthenticator AUTH = DashboardFixture.authenticator();
    private static final AtomicReference<Dashboard<Long>> inner = new AtomicReference<>();
    private static final AtomicInteger listsServed = new AtomicInteger();
    private static DashboardFixture fx;
    private static Browser browser;
    private static Long id;

    @BeforeAll
    static void start() throws Exception {
        fx = new DashboardFixture(b -> b.authenticator(AUTH).route("GET", "/api/admin/jobs", (request, user) -> {
            // One list at a time, so a second read is always made after the silent change.
            synchronized (listsServed) {
                DashboardResponse answer = inner.get().handle(request);
                if (listsServed.incrementAndGet() == 1) {
                    fx.repository.complete(new JobCompletion<>(
                            id, "elsewhere", JobStatus.SUCCEEDED, fx.clock.instant(), 5, "{}", null, null));
                }
                return answer;
            }
        }));
        inner.set(Dashboard.builder(fx.repository)
                .authenticator(AUTH)
                .actions(JobActions.of(fx.client))
                .clock(fx.clock)
                .build());
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("gina");
        job.setRequestType("StepRequest");
        job.setRequestData("{}");
        job.setQueueName(DashboardFixture.STEP_QUEUE);
        job.setStatus(JobStatus.PENDING);
        job.setCreated(fx.clock.instant());
        // Inserted and claimed in the store only: no message, so the fixture's worker never runs it.
        id = fx.repository.insert(job).getId();
        fx.repository.claim(new ClaimRequest<>(id, "elsewhere", fx.clock.instant(), Duration.ofMinutes(5), 3, "{}"));
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (inner.get() != null) {
                inner.get().close();
            }
            if (fx != null) {
                fx.close();
            }
        }
    }

    @Test
    void aJobFinishedBetweenTheFirstListAndTheSubscriptionShowsItsNewState() {
        browser.signIn(fx.server.uri(), "root", "admin");
        browser.waiting().until(d -> browser.find("#bgj-live").getText().equals("live"));
        String row = "#bgj-jobs tbody tr[data-job-id='" + id + "']";
        browser.waiting()
                .until(d -> !browser.findAll(row).isEmpty()
                        && "SUCCEEDED".equals(browser.find(row).getAttribute("data-status")));
        assertThat(fx.repository.getJob(id).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(listsServed.get())
                .as("the list was read again after the stream was ready")
                .isGreaterThanOrEqualTo(2);
    }
}
