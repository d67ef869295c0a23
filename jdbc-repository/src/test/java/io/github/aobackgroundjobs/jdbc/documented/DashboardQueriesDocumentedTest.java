package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.TestDatabases;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
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
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/jdbc-repository.md, "Dashboard queries", on H2 and on the embedded PostgreSQL, both with
 * sessions in Asia/Kathmandu (UTC+05:45): days in the query's zone, newest first, the capped
 * count, filters as plain data, statistics buckets in UTC, and purge.
 */
class DashboardQueriesDocumentedTest {

    private static final ZoneId KATHMANDU = ZoneId.of("Asia/Kathmandu");

    /** Runs as many milliseconds as it is asked (on the test's clock), and fails on a negative. */
    record Run(long millis) {}

    record Ran(long millis) {}

    static final class RunJob extends BackgroundJobBase<Long, Run, Ran> {
        private final SettableClock clock;

        RunJob(JobRepositoryBase<Long> repository, SettableClock clock) {
            super(
                    repository,
                    Run.class,
                    Ran.class,
                    JobOptions.builder()
                            .clock(clock)
                            .retryPolicy(RetryPolicy.none())
                            .build());
            this.clock = clock;
        }

        @Override
        protected Ran onExecute(Run request, JobContext<Long> context) {
            if (request.millis() < 0) {
                throw new IllegalStateException("negative");
            }
            clock.advance(Duration.ofMillis(request.millis()));
            return new Ran(request.millis());
        }
    }

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T18:00:00Z"), ZoneOffset.UTC);
    private JdbiJobRepository<Long> repository;
    private QueueJobClient<Long> client;
    private RunJob job;

    private void on(String database) {
        DataSource ds =
                database.equals("h2") ? TestDatabases.h2InSessionZone() : TestDatabases.postgresInNewSchema("queries");
        repository = JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        client = QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                .clock(clock)
                .writeSentMarksBehind(false)
                .build();
        job = new RunJob(repository, clock);
    }

    private long queue(String user, long millis) {
        return client.queueJob("runs", user, new Run(millis));
    }

    private List<Long> ids(JobQuery query) {
        return repository.findJobs(query).items().stream()
                .map(BackgroundJobInfo::getId)
                .toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void createdFromAndThroughAreWholeDaysInTheQueryZoneThroughInclusive(String database) {
        on(database);
        long evening = queue("alice", 0); // 23:45 on the 7th in Kathmandu
        clock.advance(Duration.ofMinutes(30));
        long night = queue("alice", 0); // 00:15 on the 8th in Kathmandu
        LocalDate seventh = LocalDate.of(2026, 12, 7);
        LocalDate eighth = LocalDate.of(2026, 12, 8);
        assertThat(ids(JobQuery.builder()
                        .zone(KATHMANDU)
                        .createdFrom(eighth)
                        .createdThrough(eighth)
                        .build()))
                .containsExactly(night);
        assertThat(ids(JobQuery.builder()
                        .zone(KATHMANDU)
                        .createdThrough(seventh)
                        .build()))
                .containsExactly(evening);
        assertThat(ids(JobQuery.builder()
                        .createdFrom(seventh)
                        .createdThrough(seventh)
                        .build()))
                .as("UTC, the default zone")
                .containsExactly(night, evening);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void newestFirstThenIdDescendingAndTheCountStopsAtTheCap(String database) {
        on(database);
        long first = queue("alice", 0);
        long second = queue("alice", 0); // the same created time
        clock.advance(Duration.ofSeconds(1));
        long third = queue("alice", 0);
        JobPage<Long> page = repository.findJobs(JobQuery.builder().countCap(2).build());
        assertThat(page.items()).extracting(BackgroundJobInfo::getId).containsExactly(third, second, first);
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.totalCapped()).isTrue();
        assertThat(page.totalText()).isEqualTo("2+");
        JobPage<Long> all = repository.findJobs(JobQuery.builder().build());
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.totalCapped()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void filterValuesArePlainData(String database) {
        on(database);
        String odd = "o'brien%_;--";
        long exact = queue(odd, 0);
        queue("o'brienXY;--", 0);
        assertThat(ids(JobQuery.builder().userName(odd).build())).containsExactly(exact);
        assertThat(ids(JobQuery.builder().userName("o%").build())).isEmpty();
        assertThat(ids(JobQuery.builder()
                        .requestType("Run")
                        .statuses(JobStatus.PENDING)
                        .build()))
                .hasSize(2);
        assertThat(ids(JobQuery.builder().requestType("Ru_").build())).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void throughputBucketsAreAlignedToTheEpochInUtcWithEmptyOnesIncluded(String database) {
        on(database);
        clock.set(Instant.parse("2026-12-07T10:02:10Z"));
        job.execute(queue("alice", 100));
        JobStatistics<Long> hours = repository.statistics(new StatisticsQuery(
                Instant.parse("2026-12-07T08:00:00Z"), Instant.parse("2026-12-07T11:00:00Z"), ChronoUnit.HOURS));
        assertThat(hours.throughput())
                .extracting(JobStatistics.ThroughputBucket::start)
                .containsExactly(
                        Instant.parse("2026-12-07T08:00:00Z"),
                        Instant.parse("2026-12-07T09:00:00Z"),
                        Instant.parse("2026-12-07T10:00:00Z"));
        assertThat(hours.throughput())
                .extracting(JobStatistics.ThroughputBucket::succeeded)
                .containsExactly(0L, 0L, 1L);
        JobStatistics<Long> minutes = repository.statistics(new StatisticsQuery(
                Instant.parse("2026-12-07T10:00:00Z"), Instant.parse("2026-12-07T10:05:00Z"), ChronoUnit.MINUTES));
        assertThat(minutes.throughput()).hasSize(5);
        assertThat(minutes.throughput().get(2).start()).isEqualTo(Instant.parse("2026-12-07T10:02:00Z"));
        assertThat(minutes.throughput().get(2).succeeded()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theP95IsADurationThatOccurredAndAtMostTenLatestFailuresAreListed(String database) {
        on(database);
        Instant from = clock.instant();
        for (int i = 1; i <= 20; i++) {
            job.execute(queue("alice", i * 100L));
        }
        for (int i = 0; i < 12; i++) {
            job.execute(queue("alice", -1));
            clock.advance(Duration.ofSeconds(1));
        }
        // Cancelled before it ran: completed, with no duration to count.
        client.cancel(queue("alice", 0));
        JobStatistics<Long> stats =
                repository.statistics(new StatisticsQuery(from, clock.instant().plusSeconds(1), ChronoUnit.MINUTES));
        JobStatistics.TypeStatistics run = stats.byRequestType().get(0);
        assertThat(run.requestType()).isEqualTo("Run");
        assertThat(run.completed()).isEqualTo(33);
        assertThat(run.succeeded()).isEqualTo(20);
        assertThat(run.failed()).isEqualTo(12);
        assertThat(run.p95DurationMillis()).isEqualTo(1_900);
        assertThat(stats.recentFailures()).hasSize(10);
        assertThat(stats.recentFailures().get(0).getCompleted())
                .isAfter(stats.recentFailures().get(9).getCompleted());
        assertThat(stats.countsByStatus().get(JobStatus.FAILED)).isEqualTo(12);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void purgeDeletesOnlyFinishedJobsCompletedBeforeTheTime(String database) {
        on(database);
        long done = queue("alice", 0);
        job.execute(done);
        long failed = queue("alice", -1);
        job.execute(failed);
        long pending = queue("alice", 0);
        clock.advance(Duration.ofMinutes(1));
        long late = queue("alice", 0);
        job.execute(late);
        int purged =
                repository.purge(clock.instant().minusSeconds(1), EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED));
        assertThat(purged).isEqualTo(2);
        assertThat(repository.findJob(done)).isEmpty();
        assertThat(repository.findJob(failed)).isEmpty();
        assertThat(repository.findJob(pending)).isPresent();
        assertThat(repository.findJob(late)).isPresent();
    }
}
