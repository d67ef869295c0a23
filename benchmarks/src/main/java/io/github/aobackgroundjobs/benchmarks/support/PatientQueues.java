package io.github.aobackgroundjobs.benchmarks.support;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.QueueServiceClient;
import com.azure.storage.queue.QueueServiceClientBuilder;
import io.github.aobackgroundjobs.azure.QueueManager;
import java.time.Duration;

/** Queue managers for load runs on a shared, busy machine. */
public final class PatientQueues {

    private static final Duration PATIENT_TRY_TIMEOUT = Duration.ofSeconds(15);
    private static final int PATIENT_MAX_TRIES = 4;
    private static final Duration PATIENT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private PatientQueues() {}

    /**
     * A queue manager with longer HTTP timeouts than the library's fail-fast defaults: on a
     * shared, busy machine a 2-second try limit turns slowness into failures, and the benchmark
     * measures throughput, not outage detection.
     *
     * @param connectionString the account
     * @return the manager
     */
    public static QueueManager patientManager(String connectionString) {
        return QueueManager.builder()
                .connectionString(connectionString)
                .tryTimeout(PATIENT_TRY_TIMEOUT)
                .maxTries(PATIENT_MAX_TRIES)
                .connectTimeout(PATIENT_CONNECT_TIMEOUT)
                .build();
    }

    /**
     * {@link #patientManager} whose every HTTP request (each try) is counted by kind.
     *
     * @param connectionString the account
     * @param calls the counter
     * @return the manager
     */
    public static QueueManager countingManager(String connectionString, AzuriteCalls calls) {
        HttpClient httpClient = new JdkHttpClientBuilder()
                .connectionTimeout(PATIENT_CONNECT_TIMEOUT)
                .responseTimeout(PATIENT_TRY_TIMEOUT)
                .readTimeout(PATIENT_TRY_TIMEOUT)
                .writeTimeout(PATIENT_TRY_TIMEOUT)
                .build();
        RequestRetryOptions retry = new RequestRetryOptions(
                RetryPolicyType.EXPONENTIAL,
                PATIENT_MAX_TRIES,
                PATIENT_TRY_TIMEOUT,
                Duration.ofMillis(200),
                Duration.ofSeconds(1),
                null);
        QueueServiceClient client = new QueueServiceClientBuilder()
                .connectionString(connectionString)
                .httpClient(httpClient)
                .retryOptions(retry)
                .messageEncoding(QueueMessageEncoding.NONE)
                .addPolicy(calls)
                .buildClient();
        return QueueManager.builder().serviceClient(client).build();
    }
}
