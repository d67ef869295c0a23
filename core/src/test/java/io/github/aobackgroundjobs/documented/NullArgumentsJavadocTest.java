package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.HealthReport;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.JobSweeper;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.webhook.WebhookPayload;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** A null where the Javadoc asks for a value is refused with a NullPointerException naming it. */
class NullArgumentsJavadocTest {

    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue();

    @Test
    void buildersRefuseANullNamingIt() {
        refused(() -> QueueJobClient.builder(null, queue), "'repository'");
        refused(() -> QueueJobClient.builder(repository, null), "'queue'");
        refused(() -> QueueJobClient.builder(repository, queue).clock(null), "'clock'");
        refused(() -> QueueJobClient.builder(repository, queue).serializer(null), "'serializer'");
        refused(() -> JobSweeper.builder(null, queue), "'repository'");
        refused(() -> JobSweeper.builder(repository, null), "'queue'");
        refused(() -> JobSweeper.builder(repository, queue).unsentGrace(null), "'unsentGrace'");
        refused(() -> QueueWorker.builder(null), "'queue'");
        JobOptions.Builder options = JobOptions.builder();
        refused(() -> options.clock(null), "'clock'");
        refused(() -> options.serializer(null), "'serializer'");
        refused(() -> options.retryPolicy(null), "'retryPolicy'");
        refused(() -> options.leaseDuration(null), "'leaseDuration'");
        refused(() -> options.progressInterval(null), "'progressInterval'");
        refused(() -> options.completionRetryTimeout(null), "'completionRetryTimeout'");
    }

    @Test
    void aWorkersCloseAndTheListenersRefuseANullNamingIt() {
        QueueWorker worker = QueueWorker.builder(queue)
                .job("parcels", new ParcelJob(repository))
                .build();
        refused(() -> worker.close(null), "'timeout'");
        refused(() -> worker.checkHealth(null), "'timeout'");
        worker.close();
        refused(() -> repository.updates().addListener(null), "'listener'");
        refused(() -> repository.updates().watch(null, job -> {}), "'id'");
        refused(() -> repository.updates().watch(1L, null), "'listener'");
        refused(() -> repository.updates().onUpdated(null), "'id'");
        refused(() -> queue.addSendListener(null), "'listener'");
    }

    @Test
    void valuesRefuseANullNamingIt() {
        refused(() -> new WebhookPayload(null, JobStatus.RUNNING, null, null, Instant.EPOCH), "'id'");
        refused(() -> new WebhookPayload("1", null, null, null, Instant.EPOCH), "'status'");
        refused(() -> new WebhookPayload("1", JobStatus.RUNNING, null, null, null), "'at'");
        refused(() -> WebhookPayload.parse(null), "'body'");
        refused(() -> HealthReport.of(List.of()).check(null), "'name'");
        refused(() -> new HealthReport.Check(null, true, Map.of()), "'name'");
        refused(() -> JobMessageCodec.encodeJson(null), "'idJson'");
        refused(() -> new JobMessageCodec<Long>(null), "'keyType'");
    }

    private static void refused(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOf(NullPointerException.class).hasMessageContaining(field);
    }
}
