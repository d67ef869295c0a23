package io.github.aobackgroundjobs.samples.springboot;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spring.BackgroundJob;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Deletes the orders whose report job record is gone: the starter's retention deletes a finished
 * report a day after it finished (a week if it failed or was cancelled, an hour once cleared from
 * the bell), and its order goes with it here, so the orders table is kept as long as the job
 * records and no longer. An order is saved with its job in one transaction, so an order whose job
 * does not exist is one whose job was deleted. {@link OrderCleanupSchedule} fires it.
 */
@Component
@BackgroundJob(queue = OrderCleanupJob.QUEUE)
class OrderCleanupJob
        extends BackgroundJobBase<Long, OrderCleanupJob.OrderCleanupRequest, OrderCleanupJob.OrderCleanupResult> {

    static final String QUEUE = "order-cleanup";

    /** @param batchSize orders deleted per statement, so that no statement holds many rows at once */
    record OrderCleanupRequest(int batchSize) {}

    /** @param deleted orders deleted */
    record OrderCleanupResult(long deleted) {}

    private final JdbcTemplate jdbc;
    private final String deleteBatch;

    OrderCleanupJob(JobRepositoryBase<Long> repository, JdbiJobRepository<?> jobTable, JdbcTemplate jdbc) {
        super(repository, OrderCleanupRequest.class, OrderCleanupResult.class);
        this.jdbc = jdbc;
        this.deleteBatch = "DELETE FROM shop_orders WHERE id IN (SELECT o.id FROM shop_orders o"
                + " WHERE o.job_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + jobTable.tableName()
                + " j WHERE j.id = o.job_id) ORDER BY o.id LIMIT ?)";
    }

    @Override
    protected OrderCleanupResult onExecute(OrderCleanupRequest request, JobContext<Long> context) {
        if (request.batchSize() < 1) {
            throw new IllegalArgumentException("'batchSize' must be at least 1, not " + request.batchSize() + ".");
        }
        long deleted = 0;
        int batch;
        do {
            context.throwIfCancellationRequested();
            batch = jdbc.update(deleteBatch, request.batchSize());
            deleted += batch;
        } while (batch == request.batchSize());
        return new OrderCleanupResult(deleted);
    }
}
