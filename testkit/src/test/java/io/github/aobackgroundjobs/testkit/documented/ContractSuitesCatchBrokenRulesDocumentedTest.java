package io.github.aobackgroundjobs.testkit.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.ClaimResult;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.testkit.JobQueryRepositoryContractTest;
import io.github.aobackgroundjobs.testkit.JobRepositoryContractTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * custom-repository.md, "Prove it with the testkit": the suite fails a repository that breaks a
 * rule, naming the rule. Each broken repository is run through the suite here, not by the build.
 */
class ContractSuitesCatchBrokenRulesDocumentedTest {

    /** Writes a clear mark without adding one to the version. */
    static final class VersionForgettingRepository extends MapJobRepository {
        @Override
        public synchronized boolean markCleared(Long id, Instant now) {
            BackgroundJobInfo<Long> job = findJob(id).orElse(null);
            if (job == null) {
                return false;
            }
            long version = job.getVersion();
            super.markCleared(id, now);
            setVersion(id, version);
            return true;
        }
    }

    /** Claims a batch in one step but answers in the wrong order. */
    static final class ReversedClaimAllRepository extends MapJobRepository {
        @Override
        public List<ClaimResult<Long>> claimAll(List<ClaimRequest<Long>> requests) {
            List<ClaimResult<Long>> results = new ArrayList<>(super.claimAll(requests));
            Collections.reverse(results);
            return results;
        }
    }

    /** Says its requeues are atomic, but requeues whatever version the caller read. */
    static final class VersionIgnoringRequeueRepository extends MapJobRepository {
        @Override
        public synchronized boolean requeueIfUnchanged(
                Long id, long expectedVersion, Instant now, Instant nextAttemptAt, Instant heldUntil) {
            BackgroundJobInfo<Long> job = findJob(id).orElse(null);
            return job != null && isRequeueable(job, now) && requeue(id, now, nextAttemptAt);
        }

        @Override
        public boolean requeuesAtomically() {
            return true;
        }
    }

    static class VersionForgettingSuite extends JobRepositoryContractTest<Long> {
        @Override
        protected JobRepositoryBase<Long> createRepository() {
            return new VersionForgettingRepository();
        }
    }

    static class ReversedClaimAllSuite extends JobRepositoryContractTest<Long> {
        @Override
        protected JobRepositoryBase<Long> createRepository() {
            return new ReversedClaimAllRepository();
        }
    }

    /** Overrides the limited purge, but deletes every match as the unbounded one does. */
    static final class UnboundedLimitedPurgeRepository extends MapJobQueryRepository {
        @Override
        public int purge(Instant completedBefore, Set<JobStatus> statuses, int limit) {
            return purge(completedBefore, statuses);
        }
    }

    static class UnboundedLimitedPurgeSuite extends JobQueryRepositoryContractTest<Long> {
        @Override
        protected JobRepositoryBase<Long> createRepository() {
            return new UnboundedLimitedPurgeRepository();
        }
    }

    static class VersionIgnoringRequeueSuite extends JobRepositoryContractTest<Long> {
        @Override
        protected JobRepositoryBase<Long> createRepository() {
            return new VersionIgnoringRequeueRepository();
        }
    }

    private static List<String> failures(Class<?> suite) {
        return failures(suite, 50);
    }

    private static List<String> failures(Class<?> suite, int moreTestsThan) {
        SuiteRun run = SuiteRun.of(suite);
        assertThat(run.started()).as("the suite ran").isGreaterThan(moreTestsThan);
        return run.failures();
    }

    @Test
    void theRepositorySuiteFailsAWriteThatDoesNotAddOneToTheVersion() {
        assertThat(failures(VersionForgettingSuite.class))
                .isNotEmpty()
                .anySatisfy(f -> assertThat(f).contains("markCleared").contains("version"));
    }

    @Test
    void theRepositorySuiteFailsAClaimAllAnsweringOutOfOrder() {
        assertThat(failures(ReversedClaimAllSuite.class))
                .isNotEmpty()
                .anySatisfy(f -> assertThat(f).contains("claimAll"));
    }

    @Test
    void theQuerySuiteFailsALimitedPurgeThatDeletesMoreThanTheLimit() {
        assertThat(failures(UnboundedLimitedPurgeSuite.class, 15))
                .anySatisfy(f -> assertThat(f).contains("purge with a limit must delete at most 'limit'"))
                .anySatisfy(f -> assertThat(f).contains("purgeWithALimitRefusesALimitBelowOne"));
    }

    @Test
    void theRepositorySuiteFailsARequeueThatDoesNotCompareTheVersionRead() {
        assertThat(failures(VersionIgnoringRequeueSuite.class))
                .isNotEmpty()
                .anySatisfy(f -> assertThat(f).contains("requeueIfUnchanged").contains("version"));
    }
}
