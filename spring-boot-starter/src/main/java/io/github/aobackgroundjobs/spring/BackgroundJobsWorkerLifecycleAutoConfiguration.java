package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueWorker;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Starts the {@link QueueWorker} bean when the application context has started and closes it
 * gracefully on shutdown: the starter's worker, or one the application defines itself (with or
 * without job beans). Backs off when the application defines its own {@link QueueWorkerLifecycle}.
 */
@AutoConfiguration(after = BackgroundJobsWorkerAutoConfiguration.class)
@ConditionalOnBean(QueueWorker.class)
public class BackgroundJobsWorkerLifecycleAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public BackgroundJobsWorkerLifecycleAutoConfiguration() {}

    /**
     * @param worker the worker (the starter's or the application's)
     * @param properties {@code backgroundjobs.worker.shutdown-timeout}
     * @return what starts the worker with the context and closes it gracefully
     */
    @Bean
    @ConditionalOnMissingBean(QueueWorkerLifecycle.class)
    public QueueWorkerLifecycle backgroundJobsWorkerLifecycle(QueueWorker worker, BackgroundJobsProperties properties) {
        return new QueueWorkerLifecycle(worker, properties.getWorker().getShutdownTimeout());
    }
}
