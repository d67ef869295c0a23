package io.github.aobackgroundjobs.scheduler.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.scheduler.FunctionsRecurringTimer;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.memory.InMemoryRecurringJobStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** docs/recurring-jobs.md: what a fire writes, and what an undeclared or deleted definition keeps. */
class FiredJobsDocumentedTest {

    record ReportRequest(String period) {}

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:30Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryRecurringJobStore<Long> store = new InMemoryRecurringJobStore<>(repository);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);

    private static RecurringJob job(String name, Duration every) {
        return RecurringJob.builder(name)
                .every(every)
                .queue("reports")
                .user("ops")
                .request(new ReportRequest("daily"))
                .build();
    }

    @Test
    void aFiredJobIsAPendingRecordWithTheFieldsQueueJobWritesThenAMessageOnTheDefinitionsQueue() {
        RecurringScheduler<Long> s = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(job("nightly-report", Duration.ofMinutes(1)))
                .build();
        clock.set(Instant.parse("2026-01-01T00:01:10Z"));
        assertThat(s.fireDueJobs().queued()).isEqualTo(1);
        BackgroundJobInfo<Long> fired =
                repository.getJob(Long.valueOf(s.get("nightly-report").lastJobId()));

        Long byHand = QueueJobClient.builder(repository, queue)
                .clock(clock)
                .build()
                .queueJob("reports", "ops", new ReportRequest("daily"));
        BackgroundJobInfo<Long> queued = repository.getJob(byHand);

        assertThat(fired.getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(fired.getQueueName()).isEqualTo(queued.getQueueName());
        assertThat(fired.getUserName()).isEqualTo(queued.getUserName());
        assertThat(fired.getRequestType()).isEqualTo(queued.getRequestType());
        assertThat(fired.getRequestData()).isEqualTo(queued.getRequestData());
        assertThat(fired.getAttempts()).isEqualTo(queued.getAttempts());
        assertThat(fired.getSentAt()).as("the message is sent").isNotNull();
        assertThat(queue.approximateLength("reports")).hasValue(2);
    }

    @Test
    void anUndeclaredDefinitionDoesNotFireAndDeleteKeepsTheJobsItQueued() {
        RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(job("kept", Duration.ofMinutes(1)))
                .declare(job("dropped", Duration.ofMinutes(1)))
                .build()
                .runNow("dropped");
        RecurringScheduler<Long> v2 = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(job("kept", Duration.ofMinutes(1)))
                .build();
        assertThat(v2.get("dropped").declared()).isFalse();
        clock.set(Instant.parse("2026-01-01T00:01:10Z"));
        assertThat(v2.fireDueJobs().queued()).isEqualTo(1);
        assertThat(repository.size()).isEqualTo(2);
        v2.delete("dropped");
        assertThat(v2.find("dropped")).isEmpty();
        assertThat(repository.size()).as("the jobs it queued stay").isEqualTo(2);
    }

    @Test
    void aBuilderThatDeclaresNothingStoresNoRetention() {
        RecurringScheduler<Long> dashboardOnly =
                RecurringScheduler.builder(store, queue).clock(clock).build();
        assertThat(dashboardOnly.list()).isEmpty();
        assertThat(dashboardOnly.find(RetentionPolicy.DEFINITION_NAME)).isEmpty();
    }

    @Test
    void theFunctionsTimerFiresEveryDueScheduleAndRunsRetentionWhenDue() {
        RecurringScheduler<Long> s = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(job("a", Duration.ofMinutes(1)))
                .declare(job("b", Duration.ofMinutes(1)))
                .build();
        FunctionsRecurringTimer timer = new FunctionsRecurringTimer(s);
        clock.set(Instant.parse("2026-01-01T00:15:10Z"));
        var report = timer.run(new NoLoggerContext());
        // each definition: 00:01..00:14 missed (one job), 00:15 within the lateness (one job)
        assertThat(report.queued()).isEqualTo(4);
        assertThat(report.tasksRun()).as("retention, due every 15 minutes").isEqualTo(1);
        assertThat(s.get(RetentionPolicy.DEFINITION_NAME).lastRunSummary()).isNotNull();
    }

    private static final class NoLoggerContext implements com.microsoft.azure.functions.ExecutionContext {
        @Override
        public java.util.logging.Logger getLogger() {
            return java.util.logging.Logger.getAnonymousLogger();
        }

        @Override
        public String getInvocationId() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return "FireSchedules";
        }
    }

    @Test
    void duringARollingDeployTheLastProcessToStartWins() {
        RecurringJob v1 = job("nightly-report", Duration.ofMinutes(1));
        RecurringJob v2 = RecurringJob.builder("nightly-report")
                .every(Duration.ofMinutes(1))
                .queue("reports")
                .user("ops")
                .request(new ReportRequest("weekly"))
                .build();
        RecurringScheduler<Long> first = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(v1)
                .build();
        RecurringScheduler<Long> second = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(v2)
                .build();
        clock.set(Instant.parse("2026-01-01T00:01:10Z"));
        assertThat(first.fireDueJobs().queued())
                .as("a version 1 process fires version 2's definition")
                .isEqualTo(1);
        assertThat(repository
                        .getJob(Long.valueOf(first.get("nightly-report").lastJobId()))
                        .getRequestData())
                .contains("weekly");
        RecurringScheduler<Long> restarted = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .declare(v1)
                .build();
        clock.set(Instant.parse("2026-01-01T00:02:10Z"));
        assertThat(second.fireDueJobs().queued()).isEqualTo(1);
        assertThat(repository
                        .getJob(Long.valueOf(restarted.get("nightly-report").lastJobId()))
                        .getRequestData())
                .as("a version 1 process restarted later declares its own version again")
                .contains("daily");
    }

    @Test
    void theOneJobOfTheMissedFireTimesCountsTowardsMaxFiresPerRound() {
        RecurringScheduler<Long> s = RecurringScheduler.builder(store, queue)
                .clock(clock)
                .maxFiresPerRound(2)
                .declare(RecurringJob.builder("m")
                        .every(Duration.ofSeconds(10))
                        .queue("reports")
                        .user("ops")
                        .request(new ReportRequest("daily"))
                        .build())
                .build();
        // missed: 00:00:40 .. 00:04:00 (one job); within the minute's lateness: 00:04:10 .. 00:05:00 (six)
        clock.set(Instant.parse("2026-01-01T00:05:05Z"));
        assertThat(s.fireDueJobs().queued()).isEqualTo(2);
        assertThat(s.fireDueJobs().queued()).isEqualTo(2);
        assertThat(s.fireDueJobs().queued()).isEqualTo(2);
        assertThat(s.fireDueJobs().queued()).isEqualTo(1);
        assertThat(repository.size()).isEqualTo(7);
    }
}
