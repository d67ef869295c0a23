package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobStatistics;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard queries, statistics and purge on a real database. */
abstract class QueryBehaviourTest {

    static final Instant START = Instant.parse("2026-06-30T22:00:00Z");
    protected final SettableClock clock = new SettableClock(START, ZoneOffset.UTC);
    protected JdbiJobRepository<Long> repo;

    protected abstract RepositoryFixture<Long> createFixture();

    @BeforeEach
    void setUp() {
        repo = createFixture().repository;
    }

    private long insert(String user, String type) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName(user);
        job.setRequestType(type);
        job.setRequestData("{}");
        job.setQueueName("work");
        job.setCreated(clock.instant());
        return repo.insert(job).getId();
    }

    private void finish(long id, JobStatus status, long durationMillis) {
        repo.claim(new ClaimRequest<>(id, "w", clock.instant(), Duration.ofMinutes(1), 5, "{}"));
        repo.complete(new JobCompletion<>(
                id,
                "w",
                status,
                clock.instant().plusMillis(durationMillis),
                durationMillis,
                status == JobStatus.SUCCEEDED ? "{}" : null,
                status == JobStatus.SUCCEEDED ? null : "{}",
                null));
    }

    @Test
    void filtersAreExactAndResultsNewestFirstInPages() {
        long a1 = insert("alice", "Zip");
        clock.advance(Duration.ofMinutes(1));
        long b1 = insert("bob", "Zip");
        clock.advance(Duration.ofMinutes(1));
        long a2 = insert("alice", "Mail");
        clock.advance(Duration.ofMinutes(1));
        long a3 = insert("alice", "Zip");
        finish(a3, JobStatus.FAILED, 10);

        assertThat(ids(repo.findJobs(JobQuery.builder().build()))).containsExactly(a3, a2, b1, a1);
        assertThat(ids(repo.findJobs(JobQuery.builder().userName("alice").build())))
                .containsExactly(a3, a2, a1);
        assertThat(ids(repo.findJobs(JobQuery.builder().requestType("Zip").build())))
                .containsExactly(a3, b1, a1);
        assertThat(ids(repo.findJobs(
                        JobQuery.builder().statuses(JobStatus.FAILED).build())))
                .containsExactly(a3);
        assertThat(ids(repo.findJobs(JobQuery.builder()
                        .statuses(JobStatus.FAILED, JobStatus.PENDING)
                        .userName("alice")
                        .requestType("Zip")
                        .build())))
                .containsExactly(a3, a1);

        JobPage<Long> page1 =
                repo.findJobs(JobQuery.builder().pageSize(3).page(1).build());
        assertThat(ids(page1)).containsExactly(a1);
        assertThat(page1.total()).isEqualTo(4);
        assertThat(page1.totalCapped()).isFalse();
        JobPage<Long> capped =
                repo.findJobs(JobQuery.builder().pageSize(1).countCap(2).build());
        assertThat(capped.total()).isEqualTo(2);
        assertThat(capped.totalCapped()).isTrue();
        assertThat(capped.totalText()).isEqualTo("2+");
        JobPage<Long> exact =
                repo.findJobs(JobQuery.builder().pageSize(1).countCap(4).build());
        assertThat(exact.total()).isEqualTo(4);
        assertThat(exact.totalCapped()).isFalse();
    }

    @Test
    void createdDatesAreInclusiveDaysInTheCallersZone() {
        // 2026-06-30T22:00Z is already July 1st in Auckland (UTC+12).
        long lateJune = insert("alice", "Zip");
        clock.set(Instant.parse("2026-07-01T13:00:00Z"));
        long july = insert("alice", "Zip");
        clock.set(Instant.parse("2026-07-01T12:30:00Z"));
        ZoneId auckland = ZoneId.of("Pacific/Auckland");
        LocalDate july1 = LocalDate.of(2026, 7, 1);

        assertThat(ids(repo.findJobs(JobQuery.builder()
                        .createdFrom(july1)
                        .createdThrough(july1)
                        .build())))
                .containsExactly(july);
        assertThat(ids(repo.findJobs(JobQuery.builder()
                        .createdFrom(july1)
                        .createdThrough(july1)
                        .zone(auckland)
                        .build())))
                .containsExactly(lateJune);
        assertThat(ids(repo.findJobs(JobQuery.builder()
                        .createdThrough(LocalDate.of(2026, 6, 30))
                        .build())))
                .containsExactly(lateJune);
    }

    @Test
    void filterValuesWithQuotesWildcardsAndCommentsArePlainData() {
        List<String> users = List.of("o'brien", "100%", "a_ice", "x;--", "\"; DROP TABLE x; --");
        for (String user : users) {
            insert(user, "Zip");
        }
        long alice = insert("alice", "Zip");
        for (String user : users) {
            List<BackgroundJobInfo<Long>> found =
                    repo.findJobs(JobQuery.builder().userName(user).build()).items();
            assertThat(found).extracting(BackgroundJobInfo::getUserName).containsExactly(user);
            assertThat(repo.findActiveJobs(user, 10))
                    .extracting(BackgroundJobInfo::getUserName)
                    .containsExactly(user);
        }
        assertThat(repo.findJobs(JobQuery.builder().userName("%").build()).items())
                .isEmpty();
        assertThat(repo.findJobs(JobQuery.builder().userName("al_ce").build()).items())
                .isEmpty();
        assertThat(repo.findJobs(
                                JobQuery.builder().requestType("Zip' OR '1'='1").build())
                        .items())
                .isEmpty();
        assertThat(repo.findJob(alice)).isPresent();
        assertThat(repo.findJobs(JobQuery.builder().build()).total()).isEqualTo(users.size() + 1);
    }

    @Test
    void statisticsCountThroughputDurationsAndFailures() {
        Instant from = START;
        long ok1 = insert("alice", "Zip");
        finish(ok1, JobStatus.SUCCEEDED, 100);
        long ok2 = insert("alice", "Zip");
        finish(ok2, JobStatus.SUCCEEDED, 300);
        clock.advance(Duration.ofHours(1));
        long failed = insert("bob", "Zip");
        finish(failed, JobStatus.FAILED, 200);
        long mail = insert("bob", "Mail");
        finish(mail, JobStatus.SUCCEEDED, 50);
        insert("bob", "Mail");
        clock.advance(Duration.ofHours(1));

        JobStatistics<Long> stats = repo.statistics(new StatisticsQuery(from, clock.instant(), ChronoUnit.HOURS));

        assertThat(stats.countsByStatus())
                .containsEntry(JobStatus.SUCCEEDED, 3L)
                .containsEntry(JobStatus.FAILED, 1L)
                .containsEntry(JobStatus.PENDING, 1L)
                .containsEntry(JobStatus.RUNNING, 0L)
                .hasSize(6);
        assertThat(stats.throughput()).hasSize(2);
        assertThat(stats.throughput().get(0).start()).isEqualTo(from);
        assertThat(stats.throughput().get(0).succeeded()).isEqualTo(2);
        assertThat(stats.throughput().get(1).succeeded()).isEqualTo(1);
        assertThat(stats.throughput().get(1).failed()).isEqualTo(1);
        assertThat(stats.byRequestType())
                .extracting(JobStatistics.TypeStatistics::requestType)
                .containsExactly("Mail", "Zip");
        JobStatistics.TypeStatistics zip = stats.byRequestType().get(1);
        assertThat(zip.completed()).isEqualTo(3);
        assertThat(zip.succeeded()).isEqualTo(2);
        assertThat(zip.failed()).isEqualTo(1);
        assertThat(zip.averageDurationMillis()).isEqualTo(200.0);
        assertThat(zip.p95DurationMillis()).isEqualTo(300);
        assertThat(stats.recentFailures()).extracting(BackgroundJobInfo::getId).containsExactly(failed);

        JobStatistics<Long> minutes =
                repo.statistics(new StatisticsQuery(from, from.plusSeconds(600), ChronoUnit.MINUTES));
        assertThat(minutes.throughput()).hasSize(10);
        assertThat(minutes.throughput().get(0).succeeded()).isEqualTo(2);
    }

    @Test
    void statisticsPerTypeAreInJavasStringOrderWhateverTheDatabaseCollation() {
        // UTF-16 order (Java's, the in-memory repository's) puts a supplementary character before
        // U+FF21; UTF-8 byte order (PostgreSQL's C collation) puts it after.
        List<String> types = List.of("\uFF21rchive", "Zip", "alpha", "\uD83D\uDCE6parcel", "Mail");
        for (String type : types) {
            finish(insert("alice", type), JobStatus.SUCCEEDED, 10);
        }
        clock.advance(Duration.ofMinutes(1));

        JobStatistics<Long> stats = repo.statistics(new StatisticsQuery(START, clock.instant(), ChronoUnit.HOURS));

        assertThat(stats.byRequestType())
                .extracting(JobStatistics.TypeStatistics::requestType)
                .containsExactlyElementsOf(types.stream().sorted().toList());
    }

    @Test
    void purgeDeletesOnlyFinishedJobsOfTheGivenStatesCompletedBeforeTheCutOff() {
        long ok = insert("alice", "Zip");
        finish(ok, JobStatus.SUCCEEDED, 1);
        long failed = insert("alice", "Zip");
        finish(failed, JobStatus.FAILED, 1);
        long pending = insert("alice", "Zip");
        clock.advance(Duration.ofDays(2));
        long recent = insert("alice", "Zip");
        finish(recent, JobStatus.SUCCEEDED, 1);

        int deleted = repo.purge(clock.instant().minus(Duration.ofDays(1)), EnumSet.of(JobStatus.SUCCEEDED));

        assertThat(deleted).isEqualTo(1);
        assertThat(repo.findJob(ok)).isEmpty();
        assertThat(repo.findJob(failed)).isPresent();
        assertThat(repo.findJob(pending)).isPresent();
        assertThat(repo.findJob(recent)).isPresent();
        assertThat(repo.purge(clock.instant().plusSeconds(1), Set.of(JobStatus.SUCCEEDED, JobStatus.FAILED)))
                .isEqualTo(2);
    }

    private static List<Long> ids(JobPage<Long> page) {
        return page.items().stream().map(BackgroundJobInfo::getId).toList();
    }
}
