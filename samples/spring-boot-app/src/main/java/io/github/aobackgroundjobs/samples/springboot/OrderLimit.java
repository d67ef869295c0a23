package io.github.aobackgroundjobs.samples.springboot;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The per-customer cap on unfinished (PENDING or RUNNING) report jobs that the order endpoint
 * keeps: anyone signed in may place orders, and without a cap one customer's backlog holds up
 * everyone else's reports and grows the tables without end.
 *
 * <p>The count comes from the job records. A customer's orders are placed one at a time under a
 * lock of their own, held until the order's transaction has committed (the caller's
 * {@code @Transactional} call runs inside it), so concurrent requests cannot together pass the
 * cap; the sample places orders from one process, so a lock in it is enough (several processes
 * would take a database lock instead). Thread-safe.
 */
@Component
class OrderLimit {

    /** Unfinished report jobs a customer may have; the endpoint refuses another order beyond it. */
    static final int MAX_UNFINISHED_PER_CUSTOMER = 20;

    private final JobQueryRepository<Long> jobs;
    // One lock per signed-in name: Spring Security authenticates them, so there are only a few.
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    OrderLimit(JobQueryRepository<Long> jobs) {
        this.jobs = jobs;
    }

    /**
     * Places an order (or retries a report) if the customer has fewer than the cap of unfinished
     * reports.
     *
     * @param customer whose cap it counts against
     * @param subject how the refusal names them: {@code "You have"} to the customer,
     *     {@code "Customer 'x' has"} to an admin acting on their report
     * @param place places the order (commits before it returns)
     * @param <T> what placing answers
     * @return its answer
     * @throws CapReachedException if the customer is at the cap (then nothing was placed); its
     *     message names the count that refused
     */
    <T> T placeWithin(String customer, String subject, Supplier<T> place) {
        synchronized (locks.computeIfAbsent(customer, c -> new Object())) {
            long unfinished = unfinished(customer);
            if (unfinished >= MAX_UNFINISHED_PER_CUSTOMER) {
                throw new CapReachedException(subject + " " + unfinished
                        + " reports queued or running; the shop takes at most " + MAX_UNFINISHED_PER_CUSTOMER
                        + " per customer. Wait until one of them finishes, then order again.");
            }
            return place.get();
        }
    }

    /** A customer at the cap; the message says so with the count that refused. */
    static final class CapReachedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CapReachedException(String message) {
            super(message, null, false, false);
        }
    }

    private long unfinished(String customer) {
        // One count over both states, so that a job going from PENDING to RUNNING meanwhile counts once.
        return jobs.findJobs(JobQuery.builder()
                        .userName(customer)
                        .statuses(JobStatus.PENDING, JobStatus.RUNNING)
                        .pageSize(1)
                        .build())
                .total();
    }
}
