package io.github.aobackgroundjobs.testkit;

import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.LEASE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.QUEUE;
import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The contract of the two queries behind recovery without configuration, both optional in
 * {@link JobRepositoryBase} (each has a default): {@code findSweepCandidates} with a cut-off per
 * kind, which the sweeper every worker runs by default asks, and {@code findUnfinishedJobs},
 * which a worker asks when it starts on a queue whose messages did not survive a restart.
 * Extend it as {@link JobRepositoryContractTest} for a repository that overrides
 * {@code findUnfinishedJobs} (its default throws); the default of {@code findSweepCandidates}
 * passes it.
 *
 * @param <K> the key type
 */
public abstract class RecoveryQueriesContractTest<K> extends RepositoryContractBase<K> {

    private static final String OTHER_QUEUE = "other-jobs";

    /** For subclasses. */
    protected RecoveryQueriesContractTest() {}

    // ---------------------------------------------------------------- findSweepCandidates, a cut-off per kind

    @Test
    void sweepCandidatesHaveACutOffPerKind() {
        BackgroundJobInfo<K> sentLongAgo = fixture.pending("alice");
        repository.markSent(sentLongAgo.getId(), fixture.now());
        BackgroundJobInfo<K> unsent = fixture.pending("alice");
        BackgroundJobInfo<K> running = fixture.running("alice");
        fixture.advance(Duration.ofMinutes(10));
        Instant now = fixture.now();

        List<K> found = ids(repository.findSweepCandidates(now, START, now, 100));
        assertThat(found)
                .as("findSweepCandidates must return PENDING jobs never sent before unsentBefore and RUNNING jobs"
                        + " whose lease expired before leaseExpiredBefore, each kind by its own cut-off")
                .containsExactlyInAnyOrder(unsent.getId(), running.getId());
        assertThat(found)
                .as("a sent PENDING job is a candidate only before sentBefore (exclusive)")
                .doesNotContain(sentLongAgo.getId());
        assertThat(ids(repository.findSweepCandidates(now, now, START, 100)))
                .as("a RUNNING job is a candidate only if its lease expired before leaseExpiredBefore; a sent"
                        + " PENDING job due and sent before sentBefore is one")
                .containsExactlyInAnyOrder(unsent.getId(), sentLongAgo.getId());
        assertThat(ids(repository.findSweepCandidates(START, START, START, 100)))
                .as("nothing is a candidate before any cut-off passes it")
                .isEmpty();
    }

    @Test
    void withoutASentCutOffNoSentJobIsEverACandidate() {
        List<K> backlog = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            BackgroundJobInfo<K> job = fixture.pending("alice");
            repository.markSent(job.getId(), fixture.now());
            backlog.add(job.getId());
        }
        BackgroundJobInfo<K> unsent = fixture.pending("alice");
        BackgroundJobInfo<K> running = fixture.running("alice");
        Instant now = fixture.advance(Duration.ofDays(3));

        List<K> found = ids(repository.findSweepCandidates(now, null, now, 3));
        assertThat(found)
                .as("with sentBefore null, a sent PENDING job waiting in a backlog is never a candidate, however old;"
                        + " unsent and expired RUNNING jobs still are, even with a small limit")
                .containsExactlyInAnyOrder(unsent.getId(), running.getId());
    }

    @Test
    void aLiveLeaseOrAFinishedJobIsNeverACandidate() {
        BackgroundJobInfo<K> live = fixture.running("alice");
        BackgroundJobInfo<K> done = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        Instant now = fixture.advance(Duration.ofSeconds(1));

        assertThat(ids(repository.findSweepCandidates(now, now, now, 100)))
                .as("a RUNNING job under a live lease and a finished job are never candidates")
                .doesNotContain(live.getId(), done.getId());
        assertThat(ids(repository.findSweepCandidates(now, null, live.getLeaseExpiresAt(), 100)))
                .as("leaseExpiredBefore is exclusive: a lease expiring exactly at the cut-off is not a candidate")
                .doesNotContain(live.getId());
        assertThat(ids(repository.findSweepCandidates(
                        now, null, live.getLeaseExpiresAt().plusMillis(1), 100)))
                .as("a lease expiring before leaseExpiredBefore is a candidate")
                .contains(live.getId());
    }

    @Test
    void sweepCandidatesComeOldestFirstUpToTheLimit() {
        List<K> running = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            running.add(fixture.running("alice").getId());
            fixture.advance(Duration.ofSeconds(1));
        }
        Instant now = fixture.advance(LEASE.plusMinutes(1));

        assertThat(ids(repository.findSweepCandidates(START, null, now, 2)))
                .as("findSweepCandidates must return at most 'limit' candidates, the oldest due first")
                .containsExactly(running.get(0), running.get(1));
    }

    @Test
    void sweepCandidatesRefuseALimitBelowOne() {
        assertThatThrownBy(() -> repository.findSweepCandidates(START, null, START, 0))
                .as("findSweepCandidates with limit 0 must throw IllegalArgumentException")
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- findUnfinishedJobs

    @Test
    void unfinishedJobsAreThePendingAndRunningJobsOfTheQueuesByIdAscending() {
        List<K> expected = new ArrayList<>();
        expected.add(fixture.pending("alice").getId());
        expected.add(fixture.running("alice").getId());
        BackgroundJobInfo<K> sent = fixture.pending("bob");
        repository.markSent(sent.getId(), fixture.now());
        expected.add(sent.getId());
        BackgroundJobInfo<K> expired = fixture.running("bob");
        fixture.advance(LEASE.plusMinutes(5));
        expected.add(expired.getId());
        BackgroundJobInfo<K> other = onOtherQueue();
        fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);
        fixture.finished("alice", TYPE, JobStatus.FAILED, 10);
        fixture.finished("alice", TYPE, JobStatus.CANCELLED, 10);
        expected.sort(idOrder());

        assertThat(ids(repository.findUnfinishedJobs(Set.of(QUEUE), null, 100)))
                .as("findUnfinishedJobs must return every PENDING and RUNNING job of the queues named, whatever its"
                        + " lease or sent mark, no finished job and no other queue's, in ascending id order")
                .containsExactlyElementsOf(expected);
        List<K> both = new ArrayList<>(expected);
        both.add(other.getId());
        both.sort(idOrder());
        assertThat(ids(repository.findUnfinishedJobs(Set.of(QUEUE, OTHER_QUEUE), null, 100)))
                .as("findUnfinishedJobs must return the jobs of every queue named")
                .containsExactlyElementsOf(both);
        assertThat(repository.findUnfinishedJobs(Set.of("no-such-queue"), null, 100))
                .as("findUnfinishedJobs of a queue with no jobs must be empty")
                .isEmpty();
    }

    @Test
    void unfinishedJobsArePagedByTheLastIdSeen() {
        Set<K> all = new HashSet<>();
        for (int i = 0; i < 11; i++) {
            all.add(
                    i % 3 == 0
                            ? fixture.running("alice").getId()
                            : fixture.pending("alice").getId());
        }
        fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 10);

        List<K> visited = new ArrayList<>();
        K after = null;
        for (int page = 0; page < 10; page++) {
            List<K> ids = ids(repository.findUnfinishedJobs(Set.of(QUEUE), after, 4));
            assertThat(ids.size())
                    .as("findUnfinishedJobs must return at most 'limit' jobs")
                    .isLessThanOrEqualTo(4);
            visited.addAll(ids);
            if (ids.size() < 4) {
                break;
            }
            after = ids.get(ids.size() - 1);
        }
        assertThat(visited)
                .as("paging with the last id of each page as 'after' must visit every unfinished job exactly once")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(all);
        assertThat(visited)
                .as("pages must follow one another in ascending id order")
                .isSortedAccordingTo(idOrder());
    }

    @Test
    void unfinishedJobsWriteNothing() {
        BackgroundJobInfo<K> pending = fixture.pending("alice");
        BackgroundJobInfo<K> running = fixture.running("alice");
        repository.findUnfinishedJobs(Set.of(QUEUE), null, 100);
        assertThat(fixture.reload(pending.getId()))
                .as("findUnfinishedJobs must write nothing")
                .usingRecursiveComparison()
                .isEqualTo(pending);
        assertThat(fixture.reload(running.getId()))
                .as("findUnfinishedJobs must write nothing")
                .usingRecursiveComparison()
                .isEqualTo(running);
    }

    @Test
    void unfinishedJobsRefuseNoQueueOrALimitBelowOne() {
        assertThatThrownBy(() -> repository.findUnfinishedJobs(Set.of(), null, 10))
                .as("findUnfinishedJobs of no queue must throw IllegalArgumentException naming 'queueNames'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueNames'");
        assertThatThrownBy(() -> repository.findUnfinishedJobs(Set.of(QUEUE), null, 0))
                .as("findUnfinishedJobs with limit 0 must throw IllegalArgumentException")
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- helpers

    private BackgroundJobInfo<K> onOtherQueue() {
        BackgroundJobInfo<K> job = fixture.newJob("carol", TYPE);
        job.setQueueName(OTHER_QUEUE);
        return repository.insert(job);
    }

    /** Keys as a database orders them: numbers numerically, UUIDs by their canonical text. */
    private Comparator<K> idOrder() {
        if (repository.keyType().javaType() == UUID.class) {
            return Comparator.comparing(String::valueOf);
        }
        return (a, b) -> Long.compare((Long) a, (Long) b);
    }

    private List<K> ids(List<BackgroundJobInfo<K>> jobs) {
        List<K> ids = new ArrayList<>();
        for (BackgroundJobInfo<K> job : jobs) {
            ids.add(job.getId());
        }
        return ids;
    }
}
