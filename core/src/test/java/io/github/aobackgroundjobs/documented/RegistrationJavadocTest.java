package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobUpdateListener;
import io.github.aobackgroundjobs.JobUpdates;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The Javadoc of {@link Registration} ("closing twice does nothing") and of the
 * {@link JobUpdates} and {@link InMemoryJobQueue} registrations it is returned by.
 */
class RegistrationJavadocTest {

    @Test
    void closingAListenersRegistrationTwiceLeavesAnotherRegistrationOfTheSameListenerInPlace() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        List<Long> seen = new CopyOnWriteArrayList<>();
        JobUpdateListener<Long> listener = job -> seen.add(job.getId());
        Registration first = repository.updates().addListener(listener);
        Registration second = repository.updates().addListener(listener);
        List<Long> once = new CopyOnWriteArrayList<>();
        repository.updates().addListener(job -> once.add(job.getId()));

        first.close();
        first.close();
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        client.clear(id);

        assertThat(once).isNotEmpty().containsOnly(id);
        assertThat(seen).as("told as often as a listener added once").isEqualTo(once);
        second.close();
        int told = seen.size();
        client.cancel(client.queueJob("parcels", "alice", new ParcelJob.Parcel("carol")));
        assertThat(seen).hasSize(told);
    }

    @Test
    void closingAWatchTwiceLeavesAnotherWatchOfTheSameJobInPlace() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        List<Long> seen = new CopyOnWriteArrayList<>();
        JobUpdateListener<Long> listener = job -> seen.add(job.getId());
        Registration first = repository.updates().watch(id, listener);
        Registration second = repository.updates().watch(id, listener);

        first.close();
        first.close();
        client.clear(id);

        assertThat(repository.updates().isObserved(id)).isTrue();
        assertThat(seen).containsExactly(id);
        second.close();
        assertThat(repository.updates().isObserved(id)).isFalse();
    }

    @Test
    void closingASendListenersRegistrationTwiceLeavesAnotherRegistrationOfTheSameListenerInPlace() {
        InMemoryJobQueue queue = new InMemoryJobQueue();
        List<String> seen = new CopyOnWriteArrayList<>();
        Consumer<String> listener = seen::add;
        Registration first = queue.addSendListener(listener);
        Registration second = queue.addSendListener(listener);

        first.close();
        first.close();
        queue.send("parcels", "1", Duration.ZERO);

        assertThat(seen).containsExactly("parcels");
        second.close();
        queue.send("parcels", "2", Duration.ZERO);
        assertThat(seen).containsExactly("parcels");
    }

    @Test
    void aThrowingListenerIsLoggedAndTheOthersAreStillToldEachWithItsOwnCopy() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        List<BackgroundJobInfo<Long>> seen = new CopyOnWriteArrayList<>();
        repository.updates().addListener(job -> {
            seen.add(job);
            job.setUserName("changed by a listener");
            throw new IllegalStateException("a listener that throws");
        });
        repository.updates().addListener(seen::add);

        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        client.clear(id);

        assertThat(seen).hasSizeGreaterThanOrEqualTo(2);
        BackgroundJobInfo<Long> secondListenersCopy = seen.get(seen.size() - 1);
        assertThat(secondListenersCopy).isNotSameAs(seen.get(seen.size() - 2));
        assertThat(secondListenersCopy.getUserName()).isEqualTo("alice");
        assertThat(secondListenersCopy.isCleared()).isTrue();
        assertThat(repository.getJob(id).getUserName()).isEqualTo("alice");
    }

    @Test
    void onUpdatedOfAnUnknownIdTellsNobodyAndAWatchHearsOnlyItsJob() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        long watched = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        long other = client.queueJob("parcels", "alice", new ParcelJob.Parcel("carol"));
        List<Long> all = new CopyOnWriteArrayList<>();
        List<Long> one = new CopyOnWriteArrayList<>();
        repository.updates().addListener(job -> all.add(job.getId()));
        repository.updates().watch(watched, job -> one.add(job.getId()));

        repository.updates().onUpdated(999L);
        client.clear(other);
        client.clear(watched);

        assertThat(all).containsExactly(other, watched);
        assertThat(one).containsExactly(watched);
    }

    @Test
    void listenersAreCalledOnTheThreadThatMadeTheChange() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        long id = client.queueJob("parcels", "alice", new ParcelJob.Parcel("bob"));
        List<Thread> threads = new CopyOnWriteArrayList<>();
        repository.updates().addListener(job -> threads.add(Thread.currentThread()));
        repository.updates().watch(id, job -> threads.add(Thread.currentThread()));

        client.clear(id);

        assertThat(threads).hasSize(2).containsOnly(Thread.currentThread());
    }
}
