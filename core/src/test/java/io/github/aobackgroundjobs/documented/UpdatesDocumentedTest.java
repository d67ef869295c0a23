package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md, "Observability": listeners on {@code repository.updates()} see each
 * change made in the process once, after it is saved: status changes, progress, cleared, cancel
 * requested; not sent marks.
 */
class UpdatesDocumentedTest {

    record Parcel(String to) {}

    record Receipt(String by) {}

    static final class ParcelJob extends BackgroundJobBase<Long, Parcel, Receipt> {
        ParcelJob(JobRepositoryBase<Long> repository) {
            super(
                    repository,
                    Parcel.class,
                    Receipt.class,
                    JobOptions.builder().progressInterval(Duration.ZERO).build());
        }

        @Override
        protected Receipt onExecute(Parcel request, JobContext<Long> context) {
            context.reportProgress(50, "half");
            return new Receipt(request.to());
        }
    }

    @Test
    void listenersSeeEachSavedChangeOnceButNoSentMark() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        List<String> seen = new CopyOnWriteArrayList<>();
        repository
                .updates()
                .addListener(job -> seen.add(job.getId() + " " + job.getStatus()
                        + (job.getProgressPercent() == null ? "" : " " + job.getProgressPercent() + "%")
                        + (job.isCleared() ? " cleared" : "")
                        + (job.isCancelRequested() ? " cancel-requested" : "")));

        long ran = client.queueJob("parcels", "alice", new Parcel("bob"));
        List<String> afterQueueing = List.copyOf(seen);
        new ParcelJob(repository).execute(ran);
        client.clear(ran);
        long cancelled = client.queueJob("parcels", "alice", new Parcel("carol"));
        client.cancel(cancelled);

        assertThat(afterQueueing)
                .as("queueing: the new record at most, never its sent mark")
                .hasSizeLessThanOrEqualTo(1);
        assertThat(seen)
                .containsSubsequence(
                        ran + " RUNNING",
                        ran + " RUNNING 50%",
                        ran + " SUCCEEDED 50%",
                        ran + " SUCCEEDED 50% cleared",
                        cancelled + " CANCELLED cancel-requested");
        assertThat(seen).doesNotHaveDuplicates();
    }
}
