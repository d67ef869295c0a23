package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.spi.JobValidation;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Which queue each job bean of the application runs: {@code backgroundjobs.jobs.<bean name>.queue}
 * first, then {@link BackgroundJob#queue()} on the bean's class or {@code @Bean} method.
 */
final class JobBindings {

    private JobBindings() {}

    /**
     * @return the job beans by queue, in bean definition order
     * @throws IllegalStateException if a job bean has no queue, or a {@code backgroundjobs.jobs} entry
     *     names no job bean
     * @throws IllegalArgumentException naming {@code 'queueName'} if a job bean's queue breaks the
     *     naming rule (3 to 56 lowercase letters, digits and single hyphens)
     */
    static Map<String, BackgroundJobBase<?, ?, ?>> resolve(
            ListableBeanFactory beans, BackgroundJobsProperties properties) {
        String[] names = beans.getBeanNamesForType(BackgroundJobBase.class, false, true);
        for (String configured : properties.getJobs().keySet()) {
            if (!Arrays.asList(names).contains(configured)) {
                throw new IllegalStateException("The property 'backgroundjobs.jobs." + configured
                        + ".queue' names no job bean; job beans (BackgroundJobBase): "
                        + Arrays.toString(names) + ".");
            }
        }
        Map<String, BackgroundJobBase<?, ?, ?>> byQueue = new LinkedHashMap<>();
        for (String name : names) {
            // Checked here, not only by the worker, so that the dashboard's use refuses a bad name too.
            String queue = JobValidation.requireQueueName(queueOf(beans, properties, name));
            BackgroundJobBase<?, ?, ?> job = beans.getBean(name, BackgroundJobBase.class);
            if (byQueue.put(queue, job) != null) {
                throw new IllegalStateException("The queue '" + queue + "' is bound to two job beans; the second is '"
                        + name + "'. Give each job its own queue.");
            }
        }
        return byQueue;
    }

    private static String queueOf(ListableBeanFactory beans, BackgroundJobsProperties properties, String name) {
        BackgroundJobsProperties.JobBinding binding = properties.getJobs().get(name);
        if (binding != null && binding.getQueue() != null) {
            return binding.getQueue();
        }
        BackgroundJob annotation = beans.findAnnotationOnBean(name, BackgroundJob.class);
        if (annotation != null) {
            return Objects.requireNonNull(annotation.queue());
        }
        throw new IllegalStateException("The job bean '" + name + "' has no queue: annotate it with"
                + " @BackgroundJob(queue = \"...\") or set backgroundjobs.jobs." + name + ".queue.");
    }
}
