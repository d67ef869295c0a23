package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.delivery.JobMessageHandler;
import io.github.aobackgroundjobs.delivery.MessageActions;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The Javadoc of {@link JobMessageHandler}, as a host other than the worker uses it. */
class JobMessageHandlerJavadocTest {

    private final SettableClock clock = new SettableClock();
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final QueueJobClient<Long> client =
            QueueJobClient.builder(repository, queue).clock(clock).build();
    private final ParcelJob job =
            new ParcelJob(repository, JobOptions.builder().clock(clock).build());
    private final JobMessageHandler<Long> handler = JobMessageHandler.of(job, "parcels", 5);

    /** Records each action taken, as {@code name} or {@code name:delay}. */
    static final class Actions implements MessageActions {
        final List<String> done = new CopyOnWriteArrayList<>();

        @Override
        public void delete() {
            done.add("delete");
        }

        @Override
        public void sendFresh(String jobIdJson, Duration delay) {
            done.add("fresh:" + jobIdJson + ":" + delay);
        }

        @Override
        public void deferFor(String jobIdJson, Duration delay) {
            done.add("defer:" + jobIdJson + ":" + delay);
        }

        @Override
        public void deadLetter(String reason) {
            done.add("poison");
        }
    }

    @Test
    void aBusyMessageIsDeferredButOneAboutToBecomePoisonIsReplacedByAFreshOne() {
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"), Duration.ofMinutes(5));

        Actions early = new Actions();
        assertThat(handler.handle(text(id), 1, early).type()).isEqualTo(Outcome.Type.BUSY);
        Actions last = new Actions();
        assertThat(handler.handle(text(id), 5, last).type()).isEqualTo(Outcome.Type.BUSY);

        assertThat(early.done).containsExactly("defer:" + id + ":PT5M");
        assertThat(last.done).containsExactly("fresh:" + id + ":PT5M", "delete");
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aQueueNameTheWorkerWouldRefuseIsRefusedNamingIt() {
        for (String name : List.of("Parcels", "ab", "a--b", "-parcels", "x".repeat(57))) {
            assertThatThrownBy(() -> JobMessageHandler.of(job, name, 5))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'queueName'");
        }
        assertThatThrownBy(() -> JobMessageHandler.of(job, null, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThat(JobMessageHandler.of(job, "x".repeat(56), 5).queueName()).hasSize(56);
    }

    @Test
    void textThatIsNoJobIdIsRejectedAndPoisoned() {
        Actions actions = new Actions();
        assertThat(handler.handle("not an id", 1, actions).type()).isEqualTo(Outcome.Type.REJECTED);
        assertThat(actions.done).containsExactly("poison");
        assertThatThrownBy(() -> handler.handle(text(1L), 1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'actions'");
        assertThatThrownBy(() -> JobMessageHandler.of(job, "parcels", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'maxDequeueCount'");
    }

    @Test
    void aMessageTheHostPoisonedAbortsAPendingJobAndLeavesAFinishedOneAlone() {
        long pending = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        long done = client.queueJob("parcels", "alice", new ParcelJob.Parcel("carol"));
        job.execute(done);

        assertThat(handler.abandonPoisoned(text(pending), "parcels-poison")).isTrue();
        assertThat(handler.abandonPoisoned(text(done), "parcels-poison")).isFalse();
        assertThat(handler.abandonPoisoned(text(999L), "parcels-poison")).isFalse();
        assertThat(handler.abandonPoisoned("not an id", "parcels-poison")).isFalse();

        assertThat(repository.getJob(pending).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(repository.getJob(pending).getExceptionData()).contains("parcels-poison");
        assertThat(repository.getJob(done).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void messagesReceivedTogetherAreClaimedAheadAndEachDeliveryIsHandledOnce() {
        long first = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        long second = client.queueJob("parcels", "alice", new ParcelJob.Parcel("carol"));
        queue.send("parcels", "not an id", Duration.ZERO);
        List<QueueMessage> received = queue.receive("parcels", 3, Duration.ofSeconds(30));

        List<JobMessageHandler<Long>.Delivery> deliveries = handler.claimAll(received);

        assertThat(deliveries).hasSize(3);
        assertThat(deliveries)
                .extracting(JobMessageHandler.Delivery::claimedAhead)
                .containsExactly(true, true, false);
        assertThat(repository.getJob(first).getStatus()).as("claimed ahead").isEqualTo(JobStatus.RUNNING);
        Actions actions = new Actions();
        assertThat(deliveries.get(0).handle(actions).type()).isEqualTo(Outcome.Type.SUCCEEDED);
        assertThat(deliveries.get(1).handle(actions).type()).isEqualTo(Outcome.Type.SUCCEEDED);
        assertThat(deliveries.get(2).handle(actions).type()).isEqualTo(Outcome.Type.REJECTED);
        assertThat(actions.done).containsExactly("delete", "delete", "poison");
        assertThat(repository.getJob(second).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThatThrownBy(() -> deliveries.get(0).handle(new Actions())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> handler.claimAll(Arrays.asList(received.get(0), null)))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'messages'");
    }

    private String text(long id) {
        return handler.codec().encode(id);
    }
}
