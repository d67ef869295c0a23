package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.micrometer.BackgroundJobsMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The worker's meters ({@link BackgroundJobsMetrics}) in the application's {@link MeterRegistry},
 * when {@code backgroundjobs-micrometer} is on the class path and the application has a registry
 * (Spring Boot's actuator makes one). The starter's worker takes every
 * {@link io.github.aobackgroundjobs.WorkerListener} bean, this one included; the gauges are bound to
 * the {@link QueueWorker} bean once every bean is made. Backs off when the application defines its
 * own {@link BackgroundJobsMetrics}.
 */
@AutoConfiguration(
        after = BackgroundJobsAutoConfiguration.class,
        before = BackgroundJobsWorkerAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass({BackgroundJobsMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
public class BackgroundJobsMetricsAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public BackgroundJobsMetricsAutoConfiguration() {}

    /**
     * @param registry the application's registry
     * @return the meters, a worker listener
     */
    @Bean
    @ConditionalOnMissingBean(BackgroundJobsMetrics.class)
    public BackgroundJobsMetrics backgroundJobsMetrics(MeterRegistry registry) {
        return new BackgroundJobsMetrics(registry);
    }

    /**
     * @param metrics the meters
     * @param worker the application's worker, if it has one
     * @return what binds the worker's gauges once every bean is made
     */
    @Bean
    public SmartInitializingSingleton backgroundJobsMetricsBinding(
            BackgroundJobsMetrics metrics, ObjectProvider<QueueWorker> worker) {
        return () -> worker.ifAvailable(metrics::bindTo);
    }
}
