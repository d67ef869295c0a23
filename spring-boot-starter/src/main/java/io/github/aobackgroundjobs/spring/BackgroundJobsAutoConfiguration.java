package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * The repository, queue and client of {@code backgroundjobs.*}. Every bean backs off when
 * the application defines one of its type. Keys are {@link Long}, or {@link UUID} with
 * {@code backgroundjobs.jdbc.key-type=uuid}; the client takes the key type of the repository,
 * the starter's or the application's own.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration"
        })
@EnableConfigurationProperties(BackgroundJobsProperties.class)
public class BackgroundJobsAutoConfiguration {

    /** Creates the auto-configuration (Spring does). */
    public BackgroundJobsAutoConfiguration() {}

    /**
     * @param dataSource the application's database
     * @param properties {@code backgroundjobs.jdbc.*}
     * @return the Jdbi repository on the pool behind the application's {@code DataSource}, its
     *     keys {@code Long} or {@code UUID} by {@code backgroundjobs.jdbc.key-type}
     */
    @Bean
    @ConditionalOnMissingBean(JobRepositoryBase.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    @Conditional(KeyTypeCondition.LongKeys.class)
    public JdbiJobRepository<Long> backgroundJobsRepository(
            DataSource dataSource, BackgroundJobsProperties properties) {
        return repository(JdbiJobRepository.builder(DataSources.pool(dataSource)), properties.getJdbc());
    }

    /**
     * @param dataSource the application's database
     * @param properties {@code backgroundjobs.jdbc.*}
     * @return the Jdbi repository with {@code UUID} keys on the pool behind the application's
     *     {@code DataSource}, when {@code backgroundjobs.jdbc.key-type=uuid}
     */
    @Bean(name = "backgroundJobsRepository")
    @ConditionalOnMissingBean(JobRepositoryBase.class)
    @ConditionalOnSingleCandidate(DataSource.class)
    @Conditional(KeyTypeCondition.UuidKeys.class)
    public JdbiJobRepository<UUID> backgroundJobsUuidRepository(
            DataSource dataSource, BackgroundJobsProperties properties) {
        return repository(
                JdbiJobRepository.builder(DataSources.pool(dataSource)).keyType(JobKeyType.UUID), properties.getJdbc());
    }

    private static <K> JdbiJobRepository<K> repository(
            JdbiJobRepository.Builder<K> builder, BackgroundJobsProperties.Jdbc jdbc) {
        builder.tableName(jdbc.getTableName())
                .queryTimeout(jdbc.getQueryTimeout())
                .createOrMigrateSchema(jdbc.isMigrateSchema());
        if (jdbc.getSchema() != null) {
            builder.schema(jdbc.getSchema());
        }
        return builder.build();
    }

    /**
     * @param properties {@code backgroundjobs.queue.*}
     * @param context the context, for its class loader
     * @return the queue: in memory, or Azure Storage
     */
    @Bean
    @ConditionalOnMissingBean(JobQueue.class)
    public JobQueue backgroundJobsQueue(BackgroundJobsProperties properties, ApplicationContext context) {
        return JobQueues.create(properties.getQueue(), context.getClassLoader());
    }

    /**
     * @param repository the job repository
     * @param queue the queue
     * @param <K> the key type of the repository
     * @return the client
     */
    @Bean
    @ConditionalOnMissingBean(QueueJobClient.class)
    @ConditionalOnBean({JobRepositoryBase.class, JobQueue.class})
    public <K> QueueJobClient<K> backgroundJobsClient(JobRepositoryBase<K> repository, JobQueue queue) {
        return QueueJobClient.builder(repository, queue).build();
    }

    /**
     * @param client the client
     * @param dataSource the application's database, if it has one
     * @param <K> the key type of the client
     * @return the client that joins Spring transactions
     */
    @Bean
    @ConditionalOnMissingBean(SpringQueueJobClient.class)
    @ConditionalOnBean(QueueJobClient.class)
    public <K> SpringQueueJobClient<K> springQueueJobClient(
            QueueJobClient<K> client, ObjectProvider<DataSource> dataSource) {
        DataSource database = dataSource.getIfUnique();
        return database == null
                ? new SpringQueueJobClient<>(client)
                : new SpringQueueJobClient<>(client, DataSources.pool(database));
    }
}
