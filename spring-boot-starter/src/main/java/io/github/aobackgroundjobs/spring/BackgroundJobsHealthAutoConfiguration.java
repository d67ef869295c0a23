package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The actuator health indicator {@code backgroundJobs} (under {@code /actuator/health}) over
 * {@link QueueWorker#checkHealth()} when the application runs a worker, else over the client's
 * {@link QueueJobClient#checkHealth(String...)} of the repository. Backs off when the application
 * defines a bean named {@code backgroundJobsHealthIndicator}.
 */
@AutoConfiguration(after = BackgroundJobsWorkerAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(QueueJobClient.class)
public class BackgroundJobsHealthAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public BackgroundJobsHealthAutoConfiguration() {}

    /**
     * @param worker the worker, if any
     * @param client the client
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "backgroundJobsHealthIndicator")
    public BackgroundJobsHealthIndicator backgroundJobsHealthIndicator(
            ObjectProvider<QueueWorker> worker, QueueJobClient<?> client) {
        QueueWorker running = worker.getIfAvailable();
        return running != null
                ? new BackgroundJobsHealthIndicator(running::checkHealth)
                : new BackgroundJobsHealthIndicator(client::checkHealth);
    }
}
