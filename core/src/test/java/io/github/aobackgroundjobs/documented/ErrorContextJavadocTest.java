package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.ErrorInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of {@link ErrorInfo#context()} (the phase an error happened in) and of
 * {@link JobSerializer#readError}: what a stored error reads back as.
 */
class ErrorContextJavadocTest {

    /** A result Jackson cannot write: it has a field but no getter. */
    static final class Opaque {
        @SuppressWarnings("unused")
        private final String hidden = "x";
    }

    /** A job whose result cannot be written as JSON. */
    static final class OpaqueResultJob extends BackgroundJobBase<Long, ParcelJob.Parcel, Opaque> {
        OpaqueResultJob(InMemoryJobRepository<Long> repository) {
            super(
                    repository,
                    ParcelJob.Parcel.class,
                    Opaque.class,
                    JobOptions.builder().retryPolicy(RetryPolicy.none()).build());
        }

        @Override
        protected Opaque onExecute(ParcelJob.Parcel request, JobContext<Long> context) {
            return new Opaque();
        }
    }

    @Test
    void aResultThatCannotBeWrittenIsAnErrorOfTheExecutingPhase() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));

        new OpaqueResultJob(repository).execute(id);

        BackgroundJobInfo<Long> job = repository.getJob(id);
        assertThat(job.getStatus()).isEqualTo(JobStatus.FAILED);
        ErrorInfo error = JobSerializer.defaults().readError(job).orElseThrow();
        assertThat(error.context()).isEqualTo("executing");
        assertThat(error.message()).contains("'result'");
        assertThat(error.attempt()).isEqualTo(1);
    }

    @Test
    void errorDataThatIsNoErrorInfoReadsBackAsAnUnreadableReasonNotAsEmpty() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setExceptionData("{\"not\":\"an error\"");

        ErrorInfo error = JobSerializer.defaults().readError(job).orElseThrow();

        assertThat(error.context()).isEqualTo("unreadable");
        assertThat(error.type()).isEqualTo("reason");
        assertThat(error.message()).isEqualTo("{\"not\":\"an error\"");
        assertThat(error.attempt()).isZero();
    }
}
