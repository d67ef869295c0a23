package io.github.aobackgroundjobs.scheduler.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.ExecutionContext;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.MissedFirePolicy;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.spi.JobQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** The snippets of docs/recurring-jobs.md, compiled and run: under QueueWorker and under Azure Functions. */
class RecurringJobsDocTest {

    @Test
    void underQueueWorker_theWorkerFiresTheSchedulesOnItsOwnTimer() throws Exception {
        DataSource dataSource = h2();
        Clock clock = Clock.systemUTC();
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(dataSource)
                .createOrMigrateSchema(true)
                .build();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        ReportJob reportJob = new ReportJob(repository, clock);

        // docs:queue-worker
        JdbiRecurringJobStore<Long> store = JdbiRecurringJobStore.builder(dataSource, repository)
                .createOrMigrateSchema(true)
                .build();
        RecurringScheduler<Long> recurring = RecurringScheduler.builder(store, queue)
                .declare(RecurringJob.builder("nightly-report")
                        .cron("30 2 * * *") // 02:30 every day
                        .zone("Europe/Berlin")
                        .queue("reports")
                        .user("ops")
                        .request(new ReportRequest("daily"))
                        .build())
                .declare(RecurringJob.builder("heartbeat")
                        .every(Duration.ofSeconds(1))
                        .queue("reports")
                        .user("ops")
                        .request(new ReportRequest("heartbeat"))
                        .missedFirePolicy(MissedFirePolicy.SKIP)
                        .build())
                .build(); // stores the declaration; retention is on with its default ages
        QueueWorker worker = recurring
                .registerWith(QueueWorker.builder(queue))
                .job("reports", reportJob)
                .build()
                .start();
        // end:queue-worker

        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (reportJob.runs() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            worker.close();
        }
        assertThat(reportJob.runs()).isGreaterThanOrEqualTo(3);
        assertThat(recurring.get("heartbeat").lastJobId()).isNotNull();
        assertThat(recurring.get("nightly-report").nextFireAt()).isNotNull();
        // Retention is declared with the application's definitions; it first runs at the next quarter hour.
        assertThat(recurring.get(RetentionPolicy.DEFINITION_NAME).declared()).isTrue();
        assertThat(repository
                        .findJobs(
                                JobQuery.builder().statuses(JobStatus.SUCCEEDED).build())
                        .total())
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void underAzureFunctions_oneTimerTriggerFiresEverySchedule() {
        DataSource dataSource = h2();
        SettableClock clock = new SettableClock(Instant.parse("2026-12-05T01:29:55Z"), ZoneOffset.UTC);
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(dataSource)
                .createOrMigrateSchema(true)
                .build();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        RecurringScheduler<Long> scheduler = RecurringScheduler.builder(
                        JdbiRecurringJobStore.builder(dataSource, repository)
                                .createOrMigrateSchema(true)
                                .build(),
                        queue)
                .clock(clock)
                .declare(RecurringJob.builder("nightly-report")
                        .cron("30 2 * * *")
                        .zone("Europe/Berlin")
                        .queue("reports")
                        .user("ops")
                        .request(new ReportRequest("daily"))
                        .build())
                .build();
        ScheduleFunctions functions = new ScheduleFunctions(scheduler);

        functions.fireSchedules("{}", context());
        assertThat(queue.approximateLength("reports")).hasValue(0);
        clock.advance(Duration.ofSeconds(10)); // 02:30:05 in Berlin
        functions.fireSchedules("{}", context());
        functions.fireSchedules("{}", context());
        assertThat(queue.approximateLength("reports")).hasValue(1);
        assertThat(scheduler.get("nightly-report").lastFireAt()).isEqualTo(Instant.parse("2026-12-05T01:30:00Z"));
    }

    private static ExecutionContext context() {
        return new ExecutionContext() {
            @Override
            public Logger getLogger() {
                return Logger.getLogger("FireSchedules");
            }

            @Override
            public String getInvocationId() {
                return "test-invocation";
            }

            @Override
            public String getFunctionName() {
                return "FireSchedules";
            }
        };
    }

    private static DataSource h2() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:docs_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        return ds;
    }
}
