package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.ResolvableType;

/**
 * Shows the application's recurring scheduler in the dashboard's admin view. A class of its own so
 * that the dashboard's configuration loads {@link RecurringScheduler} only when it is on the class
 * path.
 */
final class RecurringView {

    private RecurringView() {}

    /**
     * @param builder the dashboard being built
     * @param beans the context, for its one {@link RecurringScheduler} if it has one
     * @param <K> the key type of the dashboard
     */
    @SuppressWarnings("unchecked")
    static <K> void attach(Dashboard.Builder<K> builder, ListableBeanFactory beans) {
        // The scheduler's keys are the repository's, as the dashboard's are: both are built on it.
        beans.<RecurringScheduler<K>>getBeanProvider(ResolvableType.forClass(RecurringScheduler.class))
                .ifUnique(builder::recurring);
    }
}
