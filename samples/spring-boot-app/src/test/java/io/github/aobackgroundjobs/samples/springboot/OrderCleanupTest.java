package io.github.aobackgroundjobs.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.Schedule;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The orders table is kept as long as the job records: once retention has deleted an order's
 * report record, the recurring order cleanup deletes the order, and leaves the orders whose report
 * is still kept.
 */
class OrderCleanupTest {

    private static ConfigurableApplicationContext application;

    @BeforeAll
    static void start() {
        application = new SpringApplicationBuilder(SampleApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:h2:mem:order-cleanup;DB_CLOSE_DELAY=-1",
                        "--sample.report-step=1ms");
    }

    @AfterAll
    static void stop() {
        if (application != null) {
            application.close();
        }
    }

    @Test
    void theCleanupRunsAsOftenAsRetention() {
        RecurringScheduler<?> scheduler = application.getBean(RecurringScheduler.class);
        RecurringJob cleanup = scheduler.declared().stream()
                .filter(job -> job.name().equals(OrderCleanupSchedule.NAME))
                .findFirst()
                .orElseThrow();

        assertThat(cleanup.schedule())
                .isEqualTo(Schedule.every(scheduler.retention().interval()));
        assertThat(cleanup.queueName()).isEqualTo(OrderCleanupJob.QUEUE);
    }

    @Test
    void anOrderWhoseReportRecordRetentionDeletedIsDeleted() throws Exception {
        Orders orders = application.getBean(Orders.class);
        JdbcTemplate jdbc = application.getBean(JdbcTemplate.class);
        Orders.Placed purged = orders.place("demo", "Kettle");
        Orders.Placed kept = orders.place("demo", "Toaster");
        awaitStatus(purged.jobId(), JobStatus.SUCCEEDED);
        awaitStatus(kept.jobId(), JobStatus.SUCCEEDED);
        // As retention deletes a record older than its age (a day for a finished report).
        String table = application.getBean(JdbiJobRepository.class).tableName();
        assertThat(jdbc.update("DELETE FROM " + table + " WHERE id = ?", purged.jobId()))
                .isEqualTo(1);

        Object run = application.getBean(RecurringScheduler.class).runNow(OrderCleanupSchedule.NAME);
        awaitStatus(((Number) run).longValue(), JobStatus.SUCCEEDED);

        List<Long> left = jdbc.queryForList("SELECT id FROM shop_orders ORDER BY id", Long.class);
        assertThat(left).contains(kept.orderId()).doesNotContain(purged.orderId());
    }

    @SuppressWarnings("unchecked")
    private static void awaitStatus(long jobId, JobStatus status) throws InterruptedException {
        JobRepositoryBase<Long> jobs = application.getBean(JobRepositoryBase.class);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Optional<BackgroundJobInfo<Long>> job = jobs.findJob(jobId);
        while (System.nanoTime() < deadline
                && !job.map(j -> j.getStatus() == status).orElse(false)) {
            Thread.sleep(20);
            job = jobs.findJob(jobId);
        }
        assertThat(job.map(BackgroundJobInfo::getStatus)).as("job " + jobId).contains(status);
    }
}
