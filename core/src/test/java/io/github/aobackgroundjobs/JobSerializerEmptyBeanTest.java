package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A request or result Jackson sees no property of is refused, naming its type, before anything is written. */
class JobSerializerEmptyBeanTest {

    /** Fields, but no getters: Jackson sees nothing and writes {}. */
    static final class HiddenRequest {
        @SuppressWarnings("unused")
        private final String file = "report.csv";
    }

    record Ping() {}

    record Pong(int n) {}

    static final class HiddenResultJob extends BackgroundJobBase<Long, Ping, HiddenRequest> {
        HiddenResultJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Ping.class, HiddenRequest.class, options);
        }

        @Override
        protected HiddenRequest onExecute(Ping request, JobContext<Long> context) {
            return new HiddenRequest();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRequestWithHiddenFieldsIsRefusedWhateverTheMapper(boolean defaultMapper) {
        JobSerializer serializer = defaultMapper
                ? JobSerializer.defaults()
                : JobSerializer.of(new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS));
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).serializer(serializer).build();

        assertThatThrownBy(() -> client.queueJob("reports", "alice", new HiddenRequest()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'request'")
                .hasMessageContaining(HiddenRequest.class.getName())
                .hasMessageContaining("[file]");
        assertThat(repository.size()).as("no record is written").isZero();
        assertThat(queue.approximateLength("reports")).as("no message is sent").hasValue(0);
    }

    @Test
    void typesWithoutFieldsEmptyMapsAndVisibleFieldsStayValid() {
        JobSerializer serializer = JobSerializer.defaults();
        assertThat(serializer.toJson(new Ping(), "request")).isEqualTo("{}");
        assertThat(serializer.toJson(Map.of(), "request")).isEqualTo("{}");
        assertThat(serializer.toJson(new Pong(3), "request")).isEqualTo("{\"n\":3}");
    }

    @Test
    void aResultWithHiddenFieldsFailsTheAttemptInsteadOfStoringEmptyOutput() {
        SettableClock clock = new SettableClock();
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .retryPolicy(RetryPolicy.none())
                .build();
        QueueWorker worker = QueueWorker.builder(queue)
                .job("pings", new HiddenResultJob(repository, options))
                .build();
        long id = QueueJobClient.builder(repository, queue)
                .clock(clock)
                .build()
                .queueJob("pings", "alice", new Ping(), Duration.ZERO);

        worker.runOnce();

        BackgroundJobInfo<Long> job = repository.getJob(id);
        assertThat(job.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(job.getResultData()).as("no empty result is stored").isNull();
        assertThat(JobSerializer.defaults().readError(job).orElseThrow().message())
                .contains("'result'", HiddenRequest.class.getName());
    }
}
