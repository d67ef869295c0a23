package io.github.aobackgroundjobs.dashboard.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.aobackgroundjobs.dashboard.DashboardAuthenticator;
import io.github.aobackgroundjobs.dashboard.DashboardRoute;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookVerifier;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Everything the handlers share, fixed when the dashboard is built.
 *
 * @param <K> the key type
 * @param repository the job records
 * @param queryRepository the admin queries, or null
 * @param actions retry, cancel, clear
 * @param authenticator who is asking
 * @param adminRole the admin role
 * @param clock the clock
 * @param mapper writes JSON
 * @param views formats jobs
 * @param hub the live stream
 * @param secret signs cross-site-request tokens
 * @param queues queues shown in the admin view, by name
 * @param routes the host's extra endpoints
 * @param activeJobsLimit jobs in the bell
 * @param webhookVerifier checks status webhooks, or null if the receiver is off
 * @param recurring the application's {@code RecurringScheduler}, or null; typed loosely so that the
 *     scheduler module stays optional
 */
public record DashboardContext<K>(
        JobRepositoryBase<K> repository,
        JobQueryRepository<K> queryRepository,
        JobActions<K> actions,
        DashboardAuthenticator authenticator,
        String adminRole,
        Clock clock,
        ObjectMapper mapper,
        JobViews<K> views,
        EventHub<K> hub,
        byte[] secret,
        Map<String, JobQueue> queues,
        List<ExtraRoute> routes,
        int activeJobsLimit,
        WebhookVerifier webhookVerifier,
        Object recurring) {

    /**
     * A host endpoint.
     *
     * @param method GET or POST
     * @param path the exact path
     * @param route the handler
     */
    public record ExtraRoute(String method, String path, DashboardRoute route) {}
}
