package io.github.aobackgroundjobs.testkit;

import static io.github.aobackgroundjobs.testkit.JobRepositoryFixture.TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueryRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.spi.JobStatistics;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link JobQueryRepository}: the dashboard's filters, paging and count cap,
 * dates in the viewer's zone, filter values that look like SQL, statistics, purge (with and
 * without a limit) and the live stream's catch-up. Extend it and return a fresh, empty repository that implements
 * both {@link JobRepositoryBase} and {@link JobQueryRepository}.
 *
 * @param <K> the key type
 */
public abstract class JobQueryRepositoryContractTest<K> extends RepositoryContractBase<K> {

    /** Creates the suite; a subclass supplies the implementation under test. */
    protected JobQueryRepositoryContractTest() {}

    /** The repository under test, as a query repository. */
    protected JobQueryRepository<K> queries;

    @Override
    @SuppressWarnings("unchecked")
    protected void repositoryCreated() {
        assertThat(repository)
                .as("the repository under test must implement JobQueryRepository as well")
                .isInstanceOf(JobQueryRepository.class);
        queries = (JobQueryRepository<K>) repository;
    }

    // ---------------------------------------------------------------- findJobs

    @Test
    void withoutFiltersEveryJobIsListedNewestFirst() {
        List<K> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(fixture.pending("alice").getId());
            fixture.advance(Duration.ofSeconds(1));
        }

        JobPage<K> page = queries.findJobs(JobQuery.builder().build());

        assertThat(ids(page.items()))
                .as("findJobs without filters must list every job, newest created first")
                .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(page.total())
                .as("findJobs must report the number of matching jobs as total")
                .isEqualTo(5);
        assertThat(page.totalCapped())
                .as("totalCapped must be false when no more jobs match than the count cap")
                .isFalse();
        assertThat(page.page()).as("findJobs must report the page asked for").isZero();
        assertThat(page.pageSize())
                .as("findJobs must report the page size asked for")
                .isEqualTo(JobQuery.DEFAULT_PAGE_SIZE);
    }

    @Test
    void jobsCreatedAtTheSameTimeAreOrderedByIdDescending() {
        List<K> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(fixture.pending("alice").getId());
        }
        ids.sort((a, b) -> compareIds(b, a));

        assertThat(ids(queries.findJobs(JobQuery.builder().build()).items()))
                .as("findJobs must order jobs created at the same instant by id descending (numbers numerically,"
                        + " UUIDs by their canonical text)")
                .containsExactlyElementsOf(ids);
    }

    @Test
    void eachFilterAloneMatchesExactly() {
        K aliceA = fixture.pending("alice", "TypeA").getId();
        K bobA = fixture.finished("bob", "TypeA", JobStatus.SUCCEEDED, 10).getId();
        K aliceB = fixture.finished("alice", "TypeB", JobStatus.FAILED, 10).getId();
        K bobB = fixture.running("bob", "TypeB").getId();

        assertThat(find(JobQuery.builder().userName("alice")))
                .as("the userName filter must match exactly that user's jobs")
                .containsExactlyInAnyOrder(aliceA, aliceB);
        assertThat(find(JobQuery.builder().requestType("TypeB")))
                .as("the requestType filter must match exactly that type's jobs")
                .containsExactlyInAnyOrder(aliceB, bobB);
        assertThat(find(JobQuery.builder().statuses(JobStatus.SUCCEEDED)))
                .as("the statuses filter must match exactly the jobs in that state")
                .containsExactly(bobA);
        assertThat(find(JobQuery.builder().statuses(JobStatus.PENDING, JobStatus.RUNNING)))
                .as("the statuses filter with several states must match a job in any of them")
                .containsExactlyInAnyOrder(aliceA, bobB);
        assertThat(find(JobQuery.builder().userName("ALICE")))
                .as("the userName filter must be case-sensitive")
                .isEmpty();
        assertThat(find(JobQuery.builder().userName(" ")))
                .as("a blank userName filter means no filter")
                .hasSize(4);
    }

    @Test
    void filtersCombine() {
        fixture.finished("alice", "TypeA", JobStatus.SUCCEEDED, 10);
        K match = fixture.finished("alice", "TypeA", JobStatus.FAILED, 10).getId();
        fixture.finished("alice", "TypeB", JobStatus.FAILED, 10);
        fixture.finished("bob", "TypeA", JobStatus.FAILED, 10);
        clock.set(START.plus(Duration.ofDays(2)));
        fixture.finished("alice", "TypeA", JobStatus.FAILED, 10);

        assertThat(find(JobQuery.builder()
                        .userName("alice")
                        .requestType("TypeA")
                        .statuses(JobStatus.FAILED)
                        .createdFrom(LocalDate.of(2026, 3, 1))
                        .createdThrough(LocalDate.of(2026, 3, 1))))
                .as("filters combine with AND: a job must match every filter given")
                .containsExactly(match);
    }

    @Test
    void createdFromAndThroughAreWholeDaysInTheGivenZoneKiritimati() {
        ZoneId kiritimati = ZoneId.of("Pacific/Kiritimati");
        K beforeFrom = createdAt("2026-03-01T09:59:59.999Z");
        K firstInstant = createdAt("2026-03-01T10:00:00Z");
        K lastInstant = createdAt("2026-03-02T09:59:59.999Z");
        K afterThrough = createdAt("2026-03-02T10:00:00Z");

        JobQuery.Builder day = JobQuery.builder()
                .zone(kiritimati)
                .createdFrom(LocalDate.of(2026, 3, 2))
                .createdThrough(LocalDate.of(2026, 3, 2));
        assertThat(find(day))
                .as("createdFrom..createdThrough must match whole days in the query's zone (UTC+14): created at or"
                        + " after createdFromInstant() and before createdBeforeInstant()")
                .containsExactly(lastInstant, firstInstant);
        assertThat(find(JobQuery.builder().zone(kiritimati).createdFrom(LocalDate.of(2026, 3, 2))))
                .as("createdFrom alone must match jobs created from the start of that day in the zone")
                .containsExactly(afterThrough, lastInstant, firstInstant);
        assertThat(find(JobQuery.builder().zone(kiritimati).createdThrough(LocalDate.of(2026, 3, 1))))
                .as("createdThrough alone must match jobs created before the end of that day in the zone")
                .containsExactly(beforeFrom);
    }

    @Test
    void createdFromAndThroughAreWholeDaysInTheGivenZoneLosAngeles() {
        ZoneId losAngeles = ZoneId.of("America/Los_Angeles");
        K lateFebruary = createdAt("2026-03-01T07:59:59.999Z");
        K midnight = createdAt("2026-03-01T08:00:00Z");
        K lastOfDay = createdAt("2026-03-02T07:59:59.999Z");
        K nextMidnight = createdAt("2026-03-02T08:00:00Z");

        JobQuery.Builder march1 = JobQuery.builder()
                .zone(losAngeles)
                .createdFrom(LocalDate.of(2026, 3, 1))
                .createdThrough(LocalDate.of(2026, 3, 1));
        assertThat(find(march1))
                .as("createdFrom..createdThrough must match whole days in the query's zone (UTC-8)")
                .containsExactly(lastOfDay, midnight);
        assertThat(find(JobQuery.builder().zone(losAngeles).createdThrough(LocalDate.of(2026, 2, 28))))
                .as("createdThrough alone must match jobs created before the end of that day in the zone")
                .containsExactly(lateFebruary);
        assertThat(find(JobQuery.builder().createdFrom(LocalDate.of(2026, 3, 2))))
                .as("without a zone, dates are whole days in UTC")
                .containsExactly(nextMidnight, lastOfDay);
    }

    @Test
    void pagesSplitTheNewestFirstList() {
        List<K> newestFirst = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            newestFirst.add(0, fixture.pending("alice").getId());
            fixture.advance(Duration.ofSeconds(1));
        }

        JobPage<K> first = queries.findJobs(JobQuery.builder().page(0).build());
        JobPage<K> third = queries.findJobs(JobQuery.builder().page(2).build());
        JobPage<K> beyond = queries.findJobs(JobQuery.builder().page(3).build());
        JobPage<K> sevens =
                queries.findJobs(JobQuery.builder().pageSize(7).page(1).build());

        assertThat(ids(first.items()))
                .as("page 0 must hold the first pageSize jobs of the newest-first list")
                .containsExactlyElementsOf(newestFirst.subList(0, 10));
        assertThat(ids(third.items()))
                .as("page n must skip n * pageSize jobs; the last page may be short")
                .containsExactlyElementsOf(newestFirst.subList(20, 25));
        assertThat(third.page()).as("findJobs must report the page asked for").isEqualTo(2);
        assertThat(beyond.items())
                .as("a page beyond the last must be empty, not an error")
                .isEmpty();
        assertThat(beyond.total())
                .as("a page beyond the last must still report the total")
                .isEqualTo(25);
        assertThat(ids(sevens.items()))
                .as("page n of size s must hold jobs n * s to n * s + s - 1 of the newest-first list")
                .containsExactlyElementsOf(newestFirst.subList(7, 14));
    }

    @Test
    void theTotalStopsAtTheCountCap() {
        for (int i = 0; i < 12; i++) {
            fixture.pending("alice");
        }

        JobPage<K> capped = queries.findJobs(JobQuery.builder().countCap(5).build());
        JobPage<K> exact = queries.findJobs(JobQuery.builder().countCap(12).build());

        assertThat(capped.total())
                .as("when more jobs match than the count cap, total must be the cap")
                .isEqualTo(5);
        assertThat(capped.totalCapped())
                .as("when more jobs match than the count cap, totalCapped must be true")
                .isTrue();
        assertThat(capped.totalText())
                .as("a capped total reads as the cap followed by +")
                .isEqualTo("5+");
        assertThat(capped.items())
                .as("the count cap limits the total only, never the page's items")
                .hasSize(10);
        assertThat(exact.total())
                .as("when exactly the count cap matches, total must be the exact count")
                .isEqualTo(12);
        assertThat(exact.totalCapped())
                .as("when exactly the count cap matches, totalCapped must be false")
                .isFalse();
    }

    @Test
    void filterValuesThatLookLikeSqlArePlainData() {
        List<String> tricky = List.of("o'brien", "100%", "a_b", "x';--", "\"quoted\"", "back\\slash");
        List<String> decoys = List.of("obrien", "100x", "aXb", "x", "quoted", "back");
        Map<String, K> idByUser = new HashMap<>();
        for (String user : tricky) {
            idByUser.put(user, fixture.pending(user, "T" + user).getId());
        }
        for (String user : decoys) {
            fixture.pending(user, "T" + user);
        }

        for (String user : tricky) {
            assertThat(find(JobQuery.builder().userName(user)))
                    .as("the userName filter %s must match literally: quotes, %%, _ and \\ are plain data", user)
                    .containsExactly(idByUser.get(user));
            assertThat(find(JobQuery.builder().requestType("T" + user)))
                    .as("the requestType filter T%s must match literally: quotes, %%, _ and \\ are plain data", user)
                    .containsExactly(idByUser.get(user));
        }
        assertThat(find(JobQuery.builder()))
                .as("filter values must never change what is stored: every job must still be listed")
                .hasSize(tricky.size() + decoys.size());
    }

    // ---------------------------------------------------------------- statistics

    @Test
    void statisticsP95IsTheNearestRankWhateverTheCount() {
        clock.set(START);
        for (int i = 1; i <= 32; i++) {
            fixture.finished("alice", "TypeP", JobStatus.SUCCEEDED, i * 100L);
        }
        JobStatistics<K> stats =
                queries.statistics(new StatisticsQuery(START, START.plus(Duration.ofHours(1)), ChronoUnit.HOURS));
        assertThat(stats.byRequestType())
                .singleElement()
                .extracting(JobStatistics.TypeStatistics::p95DurationMillis)
                .as("p95 of 32 durations is the 31st smallest (the nearest rank, ceil(0.95 * 32)), not the 30th")
                .isEqualTo(3_100L);
    }

    @Test
    void statisticsCountThroughputDurationsAndFailuresOverTheWindow() {
        clock.set(START.minusSeconds(60));
        fixture.finished("alice", "TypeA", JobStatus.SUCCEEDED, 99_999);
        clock.set(START);
        K edge = fixture.finished("alice", "TypeA", JobStatus.SUCCEEDED, 100).getId();
        clock.set(START.plus(Duration.ofMinutes(20)));
        fixture.finished("alice", "TypeA", JobStatus.SUCCEEDED, 200);
        clock.set(START.plus(Duration.ofMinutes(30)));
        K failedA = fixture.finished("alice", "TypeA", JobStatus.FAILED, 300).getId();
        clock.set(START.plus(Duration.ofMinutes(125)));
        K abortedB = fixture.finished("bob", "TypeB", JobStatus.ABORTED, 50).getId();
        fixture.finished("bob", "TypeB", JobStatus.CANCELLED, 10);
        for (int i = 1; i <= 20; i++) {
            fixture.finished("carol", "TypeC", JobStatus.SUCCEEDED, i * 100L);
        }
        fixture.pending("dave");
        fixture.running("dave");
        clock.set(START.plus(Duration.ofHours(3)));
        fixture.finished("erin", "TypeA", JobStatus.FAILED, 99_999);

        JobStatistics<K> stats =
                queries.statistics(new StatisticsQuery(START, START.plus(Duration.ofHours(3)), ChronoUnit.HOURS));

        assertThat(stats.countsByStatus())
                .as("countsByStatus must count the jobs created in [from, to) by their current status")
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        JobStatus.PENDING,
                        1L,
                        JobStatus.RUNNING,
                        1L,
                        JobStatus.SUCCEEDED,
                        22L,
                        JobStatus.FAILED,
                        1L,
                        JobStatus.ABORTED,
                        1L,
                        JobStatus.CANCELLED,
                        1L));
        assertThat(stats.throughput())
                .as("throughput must count finished jobs by completed time in [from, to), per bucket and final"
                        + " state, oldest bucket first, empty buckets included")
                .containsExactly(
                        new JobStatistics.ThroughputBucket(START, 2, 1, 0, 0),
                        new JobStatistics.ThroughputBucket(START.plus(Duration.ofHours(1)), 0, 0, 0, 0),
                        new JobStatistics.ThroughputBucket(START.plus(Duration.ofHours(2)), 20, 0, 1, 1));
        Map<String, JobStatistics.TypeStatistics> byType = stats.byRequestType().stream()
                .collect(Collectors.toMap(JobStatistics.TypeStatistics::requestType, Function.identity()));
        assertThat(byType)
                .as("byRequestType must hold one entry per request type with a job completed in the window")
                .containsOnlyKeys("TypeA", "TypeB", "TypeC");
        assertThat(byType.get("TypeA"))
                .as("per type: completed, succeeded, failed (FAILED or ABORTED), mean duration and nearest-rank p95"
                        + " of the jobs completed in the window")
                .isEqualTo(new JobStatistics.TypeStatistics("TypeA", 3, 2, 1, 200.0, 300));
        assertThat(byType.get("TypeB"))
                .as("per type: ABORTED counts as failed, CANCELLED as completed only")
                .isEqualTo(new JobStatistics.TypeStatistics("TypeB", 2, 0, 1, 30.0, 50));
        assertThat(byType.get("TypeC"))
                .as("per type: p95 is the nearest-rank value (percentile_disc(0.95)) of the durations")
                .isEqualTo(new JobStatistics.TypeStatistics("TypeC", 20, 20, 0, 1050.0, 1900));
        assertThat(ids(stats.recentFailures()))
                .as("recentFailures must list the FAILED and ABORTED jobs completed in the window, newest first")
                .containsExactly(abortedB, failedA);
        assertThat(edge)
                .as("a job completed exactly at 'from' is in the window")
                .isNotNull();
    }

    @Test
    void statisticsIncludeEveryEmptyMinuteBucketAndEveryState() {
        JobStatistics<K> stats =
                queries.statistics(new StatisticsQuery(START, START.plus(Duration.ofMinutes(5)), ChronoUnit.MINUTES));

        assertThat(stats.throughput())
                .as("throughput must hold one bucket per minute of the window, even with no jobs")
                .hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(stats.throughput().get(i))
                    .as("an empty bucket must be listed with zero counts, in order from the window's start")
                    .isEqualTo(new JobStatistics.ThroughputBucket(START.plus(Duration.ofMinutes(i)), 0, 0, 0, 0));
        }
        assertThat(stats.countsByStatus())
                .as("countsByStatus must hold every status, with 0 where no job is in it")
                .hasSize(JobStatus.values().length)
                .allSatisfy((s, n) ->
                        assertThat(n).as("count of %s with no jobs", s).isZero());
        assertThat(stats.byRequestType())
                .as("byRequestType must be empty when no job completed in the window")
                .isEmpty();
        assertThat(stats.recentFailures())
                .as("recentFailures must be empty when no job failed in the window")
                .isEmpty();
    }

    @Test
    void recentFailuresAreTheTenNewest() {
        List<K> failures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            failures.add(
                    0,
                    fixture.finished("alice", TYPE, i % 2 == 0 ? JobStatus.FAILED : JobStatus.ABORTED, 5)
                            .getId());
            fixture.advance(Duration.ofSeconds(1));
        }

        JobStatistics<K> stats = queries.statistics(new StatisticsQuery(START, fixture.now(), ChronoUnit.MINUTES));

        assertThat(ids(stats.recentFailures()))
                .as("recentFailures must hold at most 10 jobs: the latest completed, newest first")
                .containsExactlyElementsOf(failures.subList(0, 10));
    }

    // ---------------------------------------------------------------- purge

    @Test
    void purgeDeletesOnlyTheGivenFinishedStatesCompletedBeforeTheCutOff() {
        K oldSucceeded = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 5).getId();
        K oldFailed = fixture.finished("alice", TYPE, JobStatus.FAILED, 5).getId();
        K oldAborted = fixture.finished("alice", TYPE, JobStatus.ABORTED, 5).getId();
        K pending = fixture.pending("alice").getId();
        K running = fixture.running("alice").getId();
        Instant cutOff = fixture.advance(Duration.ofHours(1));
        K atCutOff = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 5).getId();

        int deleted = queries.purge(cutOff, EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED));

        assertThat(deleted)
                .as("purge must return the number of records deleted")
                .isEqualTo(2);
        assertThat(repository.findJob(oldSucceeded))
                .as("purge must delete a job in a given state completed before the cut-off")
                .isEmpty();
        assertThat(repository.findJob(oldFailed))
                .as("purge must delete a job in a given state completed before the cut-off")
                .isEmpty();
        assertThat(repository.findJob(oldAborted))
                .as("purge must keep a job in a state not given")
                .isPresent();
        assertThat(repository.findJob(pending))
                .as("purge must keep a PENDING job")
                .isPresent();
        assertThat(repository.findJob(running))
                .as("purge must keep a RUNNING job")
                .isPresent();
        assertThat(repository.findJob(atCutOff))
                .as("completedBefore is exclusive: purge must keep a job completed exactly at the cut-off")
                .isPresent();
        assertThat(queries.purge(cutOff, EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED)))
                .as("a purge with nothing left to delete must return 0")
                .isZero();
    }

    @Test
    void purgeRefusesUnfinishedStates() {
        K pending = fixture.pending("alice").getId();
        Instant later = fixture.now().plus(Duration.ofDays(1));

        assertThatThrownBy(() -> queries.purge(later, Set.of(JobStatus.PENDING)))
                .as("purge of PENDING must throw IllegalArgumentException naming 'statuses'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThatThrownBy(() -> queries.purge(later, EnumSet.of(JobStatus.SUCCEEDED, JobStatus.RUNNING)))
                .as("purge of a set holding RUNNING must throw IllegalArgumentException naming 'statuses'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThatThrownBy(() -> queries.purge(later, Set.of()))
                .as("purge of no states must throw IllegalArgumentException naming 'statuses'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThat(repository.findJob(pending))
                .as("a refused purge must delete nothing")
                .isPresent();
    }

    @Test
    void purgeWithALimitDeletesAtMostThatMany_theEarliestCompletedFirst() {
        List<K> succeeded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            succeeded.add(
                    fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 5).getId());
            fixture.advance(Duration.ofMinutes(1));
        }
        K oldFailed = fixture.finished("alice", TYPE, JobStatus.FAILED, 5).getId();
        K pending = fixture.pending("alice").getId();
        K running = fixture.running("alice").getId();
        Instant cutOff = fixture.advance(Duration.ofHours(1));
        K atCutOff = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 5).getId();
        Set<JobStatus> statuses = EnumSet.of(JobStatus.SUCCEEDED);

        if (overridesLimitedPurge()) {
            assertThat(queries.purge(cutOff, statuses, 2))
                    .as("purge with a limit must delete at most 'limit' records and return how many")
                    .isEqualTo(2);
            assertThat(present(succeeded))
                    .as("purge with a limit must delete the earliest completed first")
                    .containsExactlyElementsOf(succeeded.subList(2, 5));
            assertThat(queries.purge(cutOff, statuses, 2)).isEqualTo(2);
            assertThat(queries.purge(cutOff, statuses, 2))
                    .as("purge with a limit must return fewer than 'limit' when fewer match")
                    .isEqualTo(1);
        } else {
            assertThat(queries.purge(cutOff, statuses, 2))
                    .as("the SPI's default cannot bound the delete: it deletes every match and returns the count")
                    .isEqualTo(5);
        }
        assertThat(present(succeeded))
                .as("purge with a limit must delete every match in the end")
                .isEmpty();
        assertThat(queries.purge(cutOff, statuses, 2))
                .as("a purge with a limit and nothing left to delete must return 0")
                .isZero();
        assertThat(repository.findJob(oldFailed))
                .as("purge with a limit must keep a job in a state not given")
                .isPresent();
        assertThat(repository.findJob(pending))
                .as("purge with a limit must keep a PENDING job")
                .isPresent();
        assertThat(repository.findJob(running))
                .as("purge with a limit must keep a RUNNING job")
                .isPresent();
        assertThat(repository.findJob(atCutOff))
                .as("completedBefore is exclusive: purge with a limit must keep a job completed at the cut-off")
                .isPresent();
    }

    @Test
    void purgeWithALimitRefusesALimitBelowOneAndUnfinishedStates() {
        K old = fixture.finished("alice", TYPE, JobStatus.SUCCEEDED, 5).getId();
        K pending = fixture.pending("alice").getId();
        Instant later = fixture.now().plus(Duration.ofDays(1));

        assertThatThrownBy(() -> queries.purge(later, EnumSet.of(JobStatus.SUCCEEDED), 0))
                .as("purge with a limit of 0 must throw IllegalArgumentException naming 'limit'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'limit'");
        assertThatThrownBy(() -> queries.purge(later, Set.of(JobStatus.PENDING), 10))
                .as("purge with a limit of PENDING must throw IllegalArgumentException naming 'statuses'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThatThrownBy(() -> queries.purge(later, Set.of(), 10))
                .as("purge with a limit of no states must throw IllegalArgumentException naming 'statuses'")
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'statuses'");
        assertThat(repository.findJob(old))
                .as("a refused purge must delete nothing")
                .isPresent();
        assertThat(repository.findJob(pending))
                .as("a refused purge must delete nothing")
                .isPresent();
    }

    // ---------------------------------------------------------------- findUpdatedSince

    @Test
    void findUpdatedSinceListsLaterWritesOldestFirst() {
        K a = fixture.pending("alice").getId();
        K b = fixture.pending("bob").getId();
        Instant since = fixture.advance(Duration.ofSeconds(1));
        K c = fixture.pending("alice").getId();
        fixture.advance(Duration.ofSeconds(1));
        repository.markSent(a, fixture.now());
        fixture.advance(Duration.ofSeconds(1));
        repository.markSent(b, fixture.now());

        assertThat(ids(queries.findUpdatedSince(since, null, 100)))
                .as("since is exclusive: findUpdatedSince must list jobs with updatedAt after it, oldest write first")
                .containsExactly(a, b);
        assertThat(ids(queries.findUpdatedSince(since.minusMillis(1), null, 100)))
                .as("findUpdatedSince must order by updatedAt ascending (an insert counts as a write)")
                .containsExactly(c, a, b);
        assertThat(ids(queries.findUpdatedSince(since.minusMillis(1), "alice", 100)))
                .as("findUpdatedSince with a userName must list only that user's jobs")
                .containsExactly(c, a);
        assertThat(ids(queries.findUpdatedSince(since.minusMillis(1), null, 2)))
                .as("findUpdatedSince must return at most 'limit' jobs: the oldest writes")
                .containsExactly(c, a);
        assertThat(queries.findUpdatedSince(fixture.now(), null, 100))
                .as("findUpdatedSince of the latest write's time must be empty")
                .isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    private K createdAt(String instant) {
        clock.set(Instant.parse(instant));
        return fixture.pending("zoned").getId();
    }

    private List<K> find(JobQuery.Builder query) {
        return ids(
                queries.findJobs(query.pageSize(JobQuery.MAX_PAGE_SIZE).build()).items());
    }

    /**
     * Whether the repository under test implements {@link JobQueryRepository#purge(Instant, Set,
     * int)} itself: it must then delete at most the limit; the SPI's default, which cannot bound
     * the delete, deletes every match.
     *
     * @return true if the method is not the SPI's default
     */
    protected boolean overridesLimitedPurge() {
        try {
            return queries.getClass()
                            .getMethod("purge", Instant.class, Set.class, int.class)
                            .getDeclaringClass()
                    != JobQueryRepository.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("JobQueryRepository.purge(Instant, Set, int) not found", e);
        }
    }

    private List<K> present(List<K> ids) {
        List<K> left = new ArrayList<>();
        for (K id : ids) {
            if (repository.findJob(id).isPresent()) {
                left.add(id);
            }
        }
        return left;
    }

    /**
     * @param jobs records
     * @return their ids, in order
     */
    protected List<K> ids(List<BackgroundJobInfo<K>> jobs) {
        List<K> ids = new ArrayList<>();
        for (BackgroundJobInfo<K> job : jobs) {
            ids.add(job.getId());
        }
        return ids;
    }

    /**
     * Compares keys as a database orders them: numbers numerically, UUIDs by their unsigned
     * bytes (the order of their canonical text).
     *
     * @param a a key
     * @param b another key
     * @return negative, zero or positive
     */
    @SuppressWarnings("unchecked")
    protected int compareIds(K a, K b) {
        if (a instanceof UUID) {
            return a.toString().compareTo(b.toString());
        }
        return ((Comparable<K>) a).compareTo(b);
    }
}
