package io.github.aobackgroundjobs.samples.zipbuilder;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.azure.FunctionsJobHandler;
import io.github.aobackgroundjobs.azure.FunctionsRecoveryTimer;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * Everything the functions share, built once per instance from the app settings:
 * <ul>
 *   <li>{@value #STORAGE}: the storage account (queues and blobs), the Functions default;</li>
 *   <li>{@value #DATABASE_URL} (+ {@value #DATABASE_USER}, {@value #DATABASE_PASSWORD}): the
 *       job database, e.g. {@code jdbc:postgresql://...}; the schema is created on first use;</li>
 *   <li>{@value #WEBHOOK_URL} and {@value #WEBHOOK_SECRET} (optional): where signed status
 *       changes are posted, as {@code <url>/<id>};</li>
 *   <li>{@value #RETRY_DELAY} (optional, ISO-8601, default 30 s): the first retry's delay.</li>
 * </ul>
 */
public final class ZipBuilderApp {

    /** The job's queue. */
    public static final String QUEUE = "zip-builder";
    /** Its poison queue, named as the Functions host names it. */
    public static final String POISON_QUEUE = "zip-builder-poison";
    /** Setting: the storage connection string. */
    public static final String STORAGE = "AzureWebJobsStorage";
    /** Setting: the job database's JDBC URL. */
    public static final String DATABASE_URL = "JobsDatabaseUrl";
    /** Setting: the job database's user. */
    public static final String DATABASE_USER = "JobsDatabaseUser";
    /** Setting: the job database's password. */
    public static final String DATABASE_PASSWORD = "JobsDatabasePassword";
    /** Setting: the status webhook's base URL. */
    public static final String WEBHOOK_URL = "StatusWebhookUrl";
    /** Setting: the status webhook's shared secret. */
    public static final String WEBHOOK_SECRET = "StatusWebhookSecret";
    /** Setting: the first retry's delay. */
    public static final String RETRY_DELAY = "ZipBuilderRetryDelay";

    /** Makes the job; tests substitute one. */
    interface JobFactory {
        ZipBuilderJob create(
                JobRepositoryBase<Long> repository,
                BlobServiceClient blobs,
                JobOptions options,
                WebhookNotifier<Long> webhook);
    }

    private final ZipBuilderQueues queues;
    private final JdbiJobRepository<Long> repository;
    private final BlobServiceClient blobs;
    private final ZipBuilderJob job;
    private final FunctionsJobHandler<Long> handler;
    private final FunctionsRecoveryTimer recovery;
    private final QueueJobClient<Long> client;
    private final WebhookNotifier<Long> webhook;

    ZipBuilderApp(Function<String, String> settings, Clock clock, JobFactory jobs) {
        String storage = required(settings, STORAGE);
        this.queues = new ZipBuilderQueues(QueueManager.fromConnectionString(storage));
        this.blobs = new BlobServiceClientBuilder()
                .connectionString(storage)
                .httpClient(new JdkHttpClientBuilder().build())
                .buildClient();
        Jdbi jdbi = Jdbi.create(
                required(settings, DATABASE_URL),
                orEmpty(settings, DATABASE_USER),
                orEmpty(settings, DATABASE_PASSWORD));
        this.repository =
                JdbiJobRepository.builder(jdbi).createOrMigrateSchema(true).build();
        String webhookUrl = settings.apply(WEBHOOK_URL);
        this.webhook = webhookUrl == null || webhookUrl.isBlank()
                ? null
                : WebhookNotifier.<Long>builder(
                                URI.create(webhookUrl),
                                required(settings, WEBHOOK_SECRET).getBytes(StandardCharsets.UTF_8))
                        .clock(clock)
                        .build();
        String delay = settings.apply(RETRY_DELAY);
        Duration firstRetry = delay == null || delay.isBlank() ? Duration.ofSeconds(30) : Duration.parse(delay);
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .retryPolicy(RetryPolicy.exponential(3, firstRetry, firstRetry.multipliedBy(10))
                        .neverRetryOn(IllegalArgumentException.class))
                .build();
        this.job = jobs.create(repository, blobs, options, webhook);
        this.handler =
                FunctionsJobHandler.builder(job, queues.jobQueue(), QUEUE).build();
        this.recovery = new FunctionsRecoveryTimer(
                JobSweeper.builder(repository, queues.jobQueue()).clock(clock).build());
        this.client = QueueJobClient.builder(repository, queues.jobQueue())
                .clock(clock)
                .build();
    }

    /**
     * The app built from the process environment (the Functions app settings), once.
     *
     * @return the shared app
     */
    public static ZipBuilderApp fromEnvironment() {
        return Holder.APP;
    }

    /**
     * An app built from explicit settings.
     *
     * @param settings the settings by name
     * @param clock the clock
     * @return the app
     */
    public static ZipBuilderApp create(Map<String, String> settings, Clock clock) {
        return new ZipBuilderApp(settings::get, clock, ZipBuilderJob::new);
    }

    /** @return the queue trigger's handler */
    public FunctionsJobHandler<Long> handler() {
        return handler;
    }

    /** @return the recovery timer's body */
    public FunctionsRecoveryTimer recovery() {
        return recovery;
    }

    /** @return the client that queues zip jobs (what a web app calls) */
    public QueueJobClient<Long> client() {
        return client;
    }

    /** @return the job records */
    public JdbiJobRepository<Long> repository() {
        return repository;
    }

    /** @return the app's queues */
    public ZipBuilderQueues queues() {
        return queues;
    }

    /** @return the blob service */
    public BlobServiceClient blobs() {
        return blobs;
    }

    /** @return the job */
    public ZipBuilderJob job() {
        return job;
    }

    private static String required(Function<String, String> settings, String name) {
        String value = settings.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The app setting '" + name + "' is missing.");
        }
        return value;
    }

    private static String orEmpty(Function<String, String> settings, String name) {
        return Objects.requireNonNullElse(settings.apply(name), "");
    }

    /** Built on first use, so a missing setting fails the first invocation with its name. */
    private static final class Holder {
        static final ZipBuilderApp APP = new ZipBuilderApp(System::getenv, Clock.systemUTC(), ZipBuilderJob::new);
    }
}
