package io.github.aobackgroundjobs.samples.springboot;

import io.github.aobackgroundjobs.scheduler.RecurringJob;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Runs {@link OrderCleanupJob} as often as the starter's retention runs
 * ({@code backgroundjobs.scheduler.retention.interval}, 15 minutes by default), so an order
 * outlives its report's record by at most about one interval. A recurring job of the library's
 * scheduler: one fire per interval for all the shop's processes, shown in the admin view.
 */
@Configuration(proxyBeanMethods = false)
class OrderCleanupSchedule {

    /** The recurring job's name. */
    static final String NAME = "shop.order-cleanup";

    @Bean
    RecurringJob orderCleanup(@Value("${backgroundjobs.scheduler.retention.interval:15m}") Duration interval) {
        return RecurringJob.builder(NAME)
                .every(interval)
                .queue(OrderCleanupJob.QUEUE)
                .user("shop")
                .request(new OrderCleanupJob.OrderCleanupRequest(500))
                .build();
    }
}
