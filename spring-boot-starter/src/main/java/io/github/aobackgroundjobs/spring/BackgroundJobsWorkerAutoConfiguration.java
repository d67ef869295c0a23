package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.WorkerListener;
import io.github.aobackgroundjobs.spi.JobQueue;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@link QueueWorker} that runs the application's job beans (each bound to its queue by
 * {@link BackgroundJob} or {@code backgroundjobs.jobs.<bean name>.queue}); only when the
 * application has job beans and {@code backgroundjobs.worker.enabled} is not false. Backs off when
 * the application defines its own. {@link BackgroundJobsWorkerLifecycleAutoConfiguration} starts
 * and closes whichever worker there is.
 */
@AutoConfiguration(after = BackgroundJobsAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "backgroundjobs.worker.enabled", matchIfMissing = true)
@ConditionalOnBean({BackgroundJobBase.class, JobQueue.class})
public class BackgroundJobsWorkerAutoConfiguration {

    /** The name of the starter's worker bean. */
    static final String WORKER_BEAN_NAME = "backgroundJobsWorker";

    /** Creates the auto-configuration (Spring does). */
    public BackgroundJobsWorkerAutoConfiguration() {}

    /**
     * @param queue the queue
     * @param properties {@code backgroundjobs.worker.*} and {@code backgroundjobs.jobs.*}
     * @param beans the context, for the job beans
     * @param listeners the application's worker listeners (the metrics among them)
     * @param customizers applied to the builder last, in their order (the recurring scheduler's timers)
     * @return the worker, not started
     * @throws IllegalStateException if a job bean has no queue, or two share one
     */
    @Bean(WORKER_BEAN_NAME)
    @ConditionalOnMissingBean(QueueWorker.class)
    public QueueWorker backgroundJobsWorker(
            JobQueue queue,
            BackgroundJobsProperties properties,
            ListableBeanFactory beans,
            ObjectProvider<WorkerListener> listeners,
            ObjectProvider<QueueWorkerCustomizer> customizers) {
        BackgroundJobsProperties.Worker settings = properties.getWorker();
        QueueWorker.Builder builder = QueueWorker.builder(queue)
                .concurrency(settings.getConcurrency())
                .visibilityTimeout(settings.getVisibilityTimeout())
                .maxDequeueCount(settings.getMaxDequeueCount())
                .maxPollInterval(settings.getMaxPollInterval())
                .shutdownTimeout(settings.getShutdownTimeout());
        for (Map.Entry<String, BackgroundJobBase<?, ?, ?>> binding :
                JobBindings.resolve(beans, properties).entrySet()) {
            builder.job(binding.getKey(), binding.getValue());
        }
        listeners.orderedStream().forEach(builder::listener);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        try {
            return builder.build();
        } catch (IllegalStateException e) {
            // The only setting of the starter's that the builder checks against the jobs: name it.
            if (String.valueOf(e.getMessage()).contains("visibility timeout")) {
                throw new IllegalStateException(
                        e.getMessage() + " Raise backgroundjobs.worker.visibility-timeout above the jobs' lease.", e);
            }
            throw e;
        }
    }
}
