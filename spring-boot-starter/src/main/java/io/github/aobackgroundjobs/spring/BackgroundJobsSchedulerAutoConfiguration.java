package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import io.github.aobackgroundjobs.spi.JobQueue;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

/**
 * The {@link RecurringScheduler} of {@code backgroundjobs-scheduler}, when it is on the class path
 * and the repository is the starter's kind ({@link JdbiJobRepository}): its definitions are the
 * application's {@link RecurringJob} beans, its retention {@code backgroundjobs.scheduler.retention.*},
 * and the starter's worker fires both on its own timer. Backs off when the application defines its
 * own {@link RecurringJobStore} or {@link RecurringScheduler}.
 *
 * <p>Only a process with a {@link QueueWorker} bean (the starter's: job beans, and
 * {@code backgroundjobs.worker.enabled} not false; or the application's own) stores the declaration:
 * its {@link RecurringJob} beans replace the stored definitions (none marks every stored one not
 * declared) and the retention definition is stored. A process without a worker (a web front end)
 * builds a scheduler that declares nothing, for the dashboard's view, so it never withdraws the
 * workers' definitions.
 */
@AutoConfiguration(
        after = BackgroundJobsAutoConfiguration.class,
        before = {BackgroundJobsWorkerAutoConfiguration.class, BackgroundJobsDashboardAutoConfiguration.class})
@ConditionalOnClass(RecurringScheduler.class)
@ConditionalOnBooleanProperty(name = "backgroundjobs.scheduler.enabled", matchIfMissing = true)
@ConditionalOnBean({JdbiJobRepository.class, JobQueue.class})
public class BackgroundJobsSchedulerAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobsSchedulerAutoConfiguration.class);

    /** Creates the auto-configuration (Spring does). */
    public BackgroundJobsSchedulerAutoConfiguration() {}

    /**
     * @param dataSource the application's database, the repository's
     * @param repository the job repository whose table the fired jobs go to
     * @param properties {@code backgroundjobs.jdbc.migrate-schema} and {@code query-timeout}
     * @param <K> the key type of the repository
     * @return the store of definitions and fire records, beside the jobs table
     */
    @Bean
    @ConditionalOnMissingBean(RecurringJobStore.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    public <K> JdbiRecurringJobStore<K> backgroundJobsRecurringStore(
            DataSource dataSource, JdbiJobRepository<K> repository, BackgroundJobsProperties properties) {
        return JdbiRecurringJobStore.builder(DataSources.pool(dataSource), repository)
                .createOrMigrateSchema(properties.getJdbc().isMigrateSchema())
                .queryTimeout(properties.getJdbc().getQueryTimeout())
                .build();
    }

    /**
     * @param store the store
     * @param queue the queue fired jobs are sent to
     * @param definitions the application's {@link RecurringJob} beans, in their order
     * @param properties {@code backgroundjobs.scheduler.*} and the job bindings
     * @param beans the context, for the job beans
     * @param <K> the key type
     * @return the scheduler; in the worker's process its declaration is stored
     * @throws IllegalArgumentException if two {@link RecurringJob} beans share a name
     * @throws IllegalStateException if a {@link RecurringJob} bean's request type is not the one of
     *     the job bean the starter's worker runs on its queue
     */
    @Bean
    @ConditionalOnMissingBean(RecurringScheduler.class)
    @ConditionalOnBean(RecurringJobStore.class)
    public <K> RecurringScheduler<K> backgroundJobsRecurringScheduler(
            RecurringJobStore<K> store,
            JobQueue queue,
            ObjectProvider<RecurringJob> definitions,
            BackgroundJobsProperties properties,
            ListableBeanFactory beans) {
        BackgroundJobsProperties.Scheduler settings = properties.getScheduler();
        RecurringScheduler.Builder<K> builder = RecurringScheduler.builder(store, queue)
                .pollInterval(settings.getPollInterval())
                .retention(retention(settings.getRetention()));
        // Bean definitions only: the worker may be the very bean being made, and it depends on this one.
        List<String> workers = Arrays.asList(beans.getBeanNamesForType(QueueWorker.class, true, false));
        if (!workers.isEmpty()) {
            // The job bindings are the starter's worker's: an application's own worker binds its jobs itself.
            Map<String, BackgroundJobBase<?, ?, ?>> bindings =
                    workers.contains(BackgroundJobsWorkerAutoConfiguration.WORKER_BEAN_NAME)
                            ? JobBindings.resolve(beans, properties)
                            : null;
            int[] declared = {0};
            definitions.orderedStream().forEach(job -> {
                if (bindings != null) {
                    checkAgainstJobBeans(job, bindings);
                }
                builder.declare(job);
                declared[0]++;
            });
            if (declared[0] == 0) {
                builder.declareNone();
            }
        }
        return builder.build();
    }

    /**
     * @param recurring the scheduler, the starter's or the application's (one)
     * @return what registers the scheduler's timers with the starter's worker
     */
    @Bean
    public QueueWorkerCustomizer backgroundJobsRecurringTimers(ObjectProvider<RecurringScheduler<?>> recurring) {
        return worker -> recurring.ifUnique(scheduler -> scheduler.registerWith(worker));
    }

    /**
     * A fired job whose request type is not the one of the job bean on its queue would be
     * poisoned by the worker at every fire: refused here. A queue no job bean of this application
     * runs may be another application's, so that is only logged.
     */
    private static void checkAgainstJobBeans(RecurringJob job, Map<String, BackgroundJobBase<?, ?, ?>> bindings) {
        BackgroundJobBase<?, ?, ?> runner = bindings.get(job.queueName());
        if (runner == null) {
            LOG.warn(
                    "Recurring job '{}' fires on queue '{}', which no job bean of this application runs ({});"
                            + " its jobs wait for a worker of another application",
                    job.name(),
                    job.queueName(),
                    bindings.keySet());
        } else if (!runner.requestTypeName().equals(job.requestType())) {
            throw new IllegalStateException("Recurring job '" + job.name() + "' queues requests of type '"
                    + job.requestType() + "' on queue '" + job.queueName() + "', whose job bean takes '"
                    + runner.requestTypeName() + "': the worker would poison every fired job.");
        }
    }

    static RetentionPolicy retention(BackgroundJobsProperties.Retention settings) {
        if (!settings.isEnabled()) {
            return RetentionPolicy.disabled();
        }
        return RetentionPolicy.builder()
                .age(JobStatus.SUCCEEDED, settings.getSucceededAge())
                .age(JobStatus.FAILED, settings.getFailedAge())
                .age(JobStatus.ABORTED, settings.getAbortedAge())
                .age(JobStatus.CANCELLED, settings.getCancelledAge())
                .clearedAge(settings.getClearedAge())
                .fireRecordAge(settings.getFireRecordAge())
                .interval(settings.getInterval())
                .batchSize(settings.getBatchSize())
                .build();
    }
}
