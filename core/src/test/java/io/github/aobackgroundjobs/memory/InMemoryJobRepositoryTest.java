package io.github.aobackgroundjobs.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the contract suites (in the testkit) do not cover: this repository's own promises. */
class InMemoryJobRepositoryTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void longKeysCountUpFromOneAndSizeCountsRecords() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        BackgroundJobInfo<Long> withId = job();
        withId.setId(999L);

        assertThat(repository.insert(job()).getId()).isEqualTo(1L);
        assertThat(repository.insert(withId).getId()).isEqualTo(2L);
        assertThat(repository.size()).isEqualTo(2);
        assertThat(repository.keyType()).isSameAs(JobKeyType.LONG);
    }

    @Test
    void aUuidAlreadyTakenIsRefused() {
        InMemoryJobRepository<UUID> repository = InMemoryJobRepository.withUuidKeys();
        BackgroundJobInfo<UUID> first = job();
        first.setId(UUID.randomUUID());
        repository.insert(first);

        assertThatThrownBy(() -> repository.insert(first))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id'");
        assertThat(repository.size()).isEqualTo(1);
    }

    @Test
    void aBatchWithATakenUuidKeepsNothingOfTheBatch() {
        InMemoryJobRepository<UUID> repository = InMemoryJobRepository.withUuidKeys();
        BackgroundJobInfo<UUID> first = job();
        first.setId(UUID.randomUUID());
        repository.insert(first);
        BackgroundJobInfo<UUID> fresh = job();
        fresh.setId(UUID.randomUUID());

        assertThatThrownBy(() -> repository.insertAll(List.of(fresh, job(), first)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'jobs[2]': 'id' " + first.getId() + " is already taken by another job.");
        assertThat(repository.findJob(fresh.getId())).isEmpty();
        assertThat(repository.size())
                .as("only the record that had the id before")
                .isEqualTo(1);
    }

    @Test
    void aCutProgressMessageNeverSplitsACharacter() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        Long id = repository.insert(job()).getId();
        repository.claim(new ClaimRequest<>(id, "w", NOW, Duration.ofSeconds(30), 3, "{}"));
        String message = "x".repeat(BackgroundJobInfo.MAX_PROGRESS_MESSAGE_LENGTH - 1) + "\ud83d\ude80 and more";

        repository.saveProgress(id, "w", 10, message, NOW);

        assertThat(repository.getJob(id).getProgressMessage())
                .isEqualTo("x".repeat(BackgroundJobInfo.MAX_PROGRESS_MESSAGE_LENGTH - 1));
    }

    @Test
    void onUpdatedReadsNothingWhenNoOneListens() {
        InMemoryJobRepository<Long> store = InMemoryJobRepository.withLongKeys();
        Long id = store.insert(job()).getId();
        AtomicInteger reads = new AtomicInteger();
        JobRepositoryBase<Long> counting = new DelegatingRepository<>(store) {
            @Override
            public java.util.Optional<BackgroundJobInfo<Long>> findJob(Long jobId) {
                reads.incrementAndGet();
                return super.findJob(jobId);
            }
        };

        counting.onUpdated(id);
        assertThat(reads).hasValue(0);
        try (Registration r = counting.updates().addListener(j -> {})) {
            counting.onUpdated(id);
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void aLimitedPurgeDeletesTheEarliestCompletedFirst_andNoMoreThanTheLimit_andHasPurgeableSaysWhatIsLeft() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long id = repository.insert(job()).getId();
            Instant completed = NOW.plusSeconds(10 - i);
            repository.claim(new ClaimRequest<>(id, "w", completed, Duration.ofSeconds(30), 3, "{}"));
            repository.complete(new JobCompletion<>(id, "w", JobStatus.SUCCEEDED, completed, 1, "{}", null, null));
            ids.add(id);
        }
        long pending = repository.insert(job()).getId();

        assertThat(repository.hasPurgeable(NOW.plusSeconds(6), Set.of(JobStatus.SUCCEEDED)))
                .as("completedBefore is exclusive: the earliest completed 6 s after NOW")
                .isFalse();
        assertThat(repository.hasPurgeable(NOW.plusSeconds(60), Set.of(JobStatus.FAILED)))
                .isFalse();
        assertThat(repository.hasPurgeable(NOW.plusSeconds(7), Set.of(JobStatus.SUCCEEDED)))
                .isTrue();
        assertThatThrownBy(() -> repository.hasPurgeable(NOW, Set.of(JobStatus.PENDING)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");

        assertThat(repository.purge(NOW.plusSeconds(60), Set.of(JobStatus.SUCCEEDED), 2))
                .isEqualTo(2);
        // Completed 10, 9, 8, 7, 6 s after NOW: the last two inserted went first.
        assertThat(ids.stream().filter(id -> repository.findJob(id).isPresent()))
                .containsExactly(ids.get(0), ids.get(1), ids.get(2));
        assertThat(repository.purge(NOW.plusSeconds(60), Set.of(JobStatus.SUCCEEDED), 10))
                .isEqualTo(3);
        assertThat(repository.hasPurgeable(NOW.plusSeconds(60), Set.of(JobStatus.SUCCEEDED)))
                .isFalse();
        assertThat(repository.findJob(pending)).isPresent();
        assertThatThrownBy(() -> repository.purge(NOW, Set.of(JobStatus.SUCCEEDED), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'limit'");
    }

    @Test
    void jobsRunConcurrentlyEndConsistent() throws Exception {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        int jobs = 2_000;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            ids.add(repository.insert(job()).getId());
        }
        AtomicInteger claimed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String owner = "worker-" + t;
            futures.add(pool.submit(() -> {
                for (Long id : ids) {
                    repository.markSent(id, NOW);
                    ClaimResult<Long> claim =
                            repository.claim(new ClaimRequest<>(id, owner, NOW, Duration.ofSeconds(30), 3, "{}"));
                    if (claim.type() == ClaimResult.Type.CLAIMED) {
                        claimed.incrementAndGet();
                        repository.saveProgress(id, owner, 50, "half", NOW);
                        repository.complete(
                                new JobCompletion<>(id, owner, JobStatus.SUCCEEDED, NOW, 1, "{}", null, null));
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdownNow();

        assertThat(claimed).hasValue(jobs);
        for (Long id : ids) {
            BackgroundJobInfo<Long> job = repository.getJob(id);
            assertThat(job.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(job.getAttempts()).isEqualTo(1);
            // insert 0, 1..4 markSent before the claim, claim, progress, complete: the version counts every write.
            assertThat(job.getVersion()).isEqualTo(job.getSendCount() + 3L);
        }
    }

    private static <K> BackgroundJobInfo<K> job() {
        BackgroundJobInfo<K> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("TestRequest");
        job.setRequestData("{}");
        job.setQueueName("jobs");
        job.setCreated(NOW);
        job.setNextAttemptAt(NOW);
        return job;
    }

    /** Forwards every operation to another repository, so a test can watch one of them. */
    private static class DelegatingRepository<K> extends JobRepositoryBase<K> {
        private final InMemoryJobRepository<K> target;

        DelegatingRepository(InMemoryJobRepository<K> target) {
            this.target = target;
        }

        @Override
        public JobKeyType<K> keyType() {
            return target.keyType();
        }

        @Override
        public java.util.Optional<BackgroundJobInfo<K>> findJob(K id) {
            return target.findJob(id);
        }

        @Override
        protected BackgroundJobInfo<K> insertValidated(BackgroundJobInfo<K> job) {
            return target.insert(job);
        }

        @Override
        public ClaimResult<K> claim(ClaimRequest<K> request) {
            return target.claim(request);
        }

        @Override
        public LeaseState renewLease(K id, String owner, Instant now, Instant until) {
            return target.renewLease(id, owner, now, until);
        }

        @Override
        public LeaseState saveProgress(K id, String owner, int percent, String message, Instant now) {
            return target.saveProgress(id, owner, percent, message, now);
        }

        @Override
        public boolean complete(JobCompletion<K> completion) {
            return target.complete(completion);
        }

        @Override
        public boolean markSent(K id, Instant now) {
            return target.markSent(id, now);
        }

        @Override
        public boolean markAborted(K id, String data, Instant now) {
            return target.markAborted(id, data, now);
        }

        @Override
        public CancelResult requestCancel(K id, Instant now) {
            return target.requestCancel(id, now);
        }

        @Override
        public boolean requeue(K id, Instant now, Instant next) {
            return target.requeue(id, now, next);
        }

        @Override
        public boolean markCleared(K id, Instant now) {
            return target.markCleared(id, now);
        }

        @Override
        public List<BackgroundJobInfo<K>> findActiveJobs(String user, int limit) {
            return target.findActiveJobs(user, limit);
        }

        @Override
        public List<BackgroundJobInfo<K>> findSweepCandidates(Instant unsent, Instant stale, int limit) {
            return target.findSweepCandidates(unsent, stale, limit);
        }
    }
}
