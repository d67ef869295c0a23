package io.github.aobackgroundjobs.samples.springboot;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.JobActionRefusedException;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The dashboard's Retry, Cancel and Clear (the starter takes this bean over its stock actions),
 * with the shop's cap on Retry: a finished report that is retried is unfinished again and counts
 * against its customer's cap, so Retry is refused (429, the cap's message) while the customer is
 * at it, as another order would be. Without it a customer could cancel reports, order again and
 * then retry the cancelled ones, past the cap without end. A retry of an unfinished job (the
 * admin's, of one whose worker is gone) adds nothing to the count and is not checked. Thread-safe.
 */
@Component
class ShopJobActions implements JobActions<Long> {

    private final JobActions<Long> stock;
    private final JobRepositoryBase<Long> repository;
    private final OrderLimit limit;

    ShopJobActions(QueueJobClient<Long> client, JobRepositoryBase<Long> repository, OrderLimit limit) {
        this.stock = JobActions.of(client);
        this.repository = repository;
        this.limit = limit;
    }

    @Override
    public boolean retry(Long id) {
        Optional<BackgroundJobInfo<Long>> job = repository.findJob(id);
        if (job.isEmpty() || !job.get().getStatus().isTerminal()) {
            return stock.retry(id);
        }
        // The admin may be the one retrying: the cap and the refusal are the job's customer's.
        String customer = job.get().getUserName();
        try {
            return limit.placeWithin(customer, "Customer '" + customer + "' has", () -> stock.retry(id));
        } catch (OrderLimit.CapReachedException e) {
            throw new JobActionRefusedException(429, e.getMessage());
        }
    }

    @Override
    public CancelResult cancel(Long id) {
        return stock.cancel(id);
    }

    @Override
    public boolean clear(Long id) {
        return stock.clear(id);
    }
}
