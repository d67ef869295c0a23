package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the dashboard query filters on a real database with seeded random queries: user
 * names and types with SQL metacharacters, random status sets, date ranges in far-from-UTC
 * zones (including ranges at the limits of the calendar), random pages and count caps. Every
 * query the builder accepts must return exactly what {@link JobQuery#matches} selects from
 * the same records, newest first, paged and capped as documented; the builder rejects bad
 * input with {@link IllegalArgumentException} or {@link IllegalStateException} only; and no
 * query changes the table.
 */
abstract class QueryFilterFuzzTest {

    private static final Instant START = Instant.parse("2026-06-30T20:00:00Z");
    private static final List<String> USERS = List.of(
            "alice",
            "Alice",
            "o'brien",
            "100%",
            "a_b",
            "a%b",
            "ünï",
            "x\\y",
            "  padded",
            "'; DROP TABLE background_jobs; --");
    private static final List<String> TYPES = List.of("Zip", "zip", "Mail", "Re%port", "A_B");
    private static final List<ZoneId> ZONES = List.of(
            ZoneOffset.UTC,
            ZoneId.of("Pacific/Kiritimati"),
            ZoneId.of("Etc/GMT+12"),
            ZoneId.of("Asia/Kathmandu"),
            ZoneId.of("America/St_Johns"));

    private final SettableClock clock = new SettableClock(START, ZoneOffset.UTC);

    protected abstract RepositoryFixture<Long> createFixture();

    protected abstract int cases();

    @Test
    void everyAcceptedQueryReturnsExactlyTheMatchingRecords() {
        long seed = Long.getLong("fuzz.seed", 0x5eed_0030L);
        Random random = new Random(seed);
        JdbiJobRepository<Long> repo = createFixture().repository;
        List<BackgroundJobInfo<Long>> jobs = seed(repo, random);
        long accepted = 0;
        long nonEmpty = 0;
        for (int i = 0; i < cases(); i++) {
            JobQuery query;
            try {
                query = query(random);
            } catch (IllegalArgumentException | IllegalStateException e) {
                continue;
            }
            accepted++;
            String context = "seed " + seed + ", case " + i + ": " + describe(query);
            JobPage<Long> page;
            try {
                page = repo.findJobs(query);
            } catch (RuntimeException e) {
                throw new AssertionError(context + ": undocumented " + e, e);
            }
            List<Long> matching = jobs.stream()
                    .filter(query::matches)
                    .sorted(Comparator.comparing((BackgroundJobInfo<Long> j) -> j.getCreated())
                            .thenComparing(BackgroundJobInfo::getId)
                            .reversed())
                    .map(BackgroundJobInfo::getId)
                    .toList();
            int from = (int) Math.min(matching.size(), query.offset());
            int to = (int) Math.min(matching.size(), query.offset() + query.pageSize());
            assertThat(page.items().stream().map(BackgroundJobInfo::getId).toList())
                    .as(context)
                    .isEqualTo(matching.subList(from, to));
            assertThat(page.total()).as(context).isEqualTo(Math.min(matching.size(), query.countCap()));
            assertThat(page.totalCapped()).as(context).isEqualTo(matching.size() > query.countCap());
            if (!page.items().isEmpty()) {
                nonEmpty++;
            }
        }
        assertThat(accepted).as("accepted queries").isGreaterThan(cases() / 2);
        assertThat(nonEmpty).as("queries that found something").isGreaterThan(cases() / 10);
        assertThat(repo.findJobs(JobQuery.builder().countCap(100_000).build()).total())
                .as("rows after fuzzing")
                .isEqualTo(jobs.size());
    }

    private List<BackgroundJobInfo<Long>> seed(JdbiJobRepository<Long> repo, Random random) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            // Around midnight in every zone: created times cross date boundaries.
            clock.set(START.plus(Duration.ofMinutes(random.nextInt(4 * 24 * 60) - 2 * 24 * 60)));
            BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
            job.setUserName(USERS.get(random.nextInt(USERS.size())));
            job.setRequestType(TYPES.get(random.nextInt(TYPES.size())));
            job.setRequestData("{}");
            job.setQueueName("work");
            job.setCreated(clock.instant());
            long id = repo.insert(job).getId();
            ids.add(id);
            Instant now = clock.instant();
            switch (random.nextInt(6)) {
                case 0 -> repo.claim(new ClaimRequest<>(id, "w", now, Duration.ofMinutes(1), 5, "{}"));
                case 1, 2 -> {
                    repo.claim(new ClaimRequest<>(id, "w", now, Duration.ofMinutes(1), 5, "{}"));
                    JobStatus end = random.nextBoolean() ? JobStatus.SUCCEEDED : JobStatus.FAILED;
                    repo.complete(new JobCompletion<>(id, "w", end, now.plusMillis(5), 5, "{}", null, null));
                }
                case 3 -> repo.markAborted(id, "{}", now);
                case 4 -> repo.requestCancel(id, now);
                default -> {}
            }
        }
        List<BackgroundJobInfo<Long>> jobs = new ArrayList<>();
        for (long id : ids) {
            jobs.add(repo.findJob(id).orElseThrow());
        }
        return jobs;
    }

    private static JobQuery query(Random random) {
        JobQuery.Builder b = JobQuery.builder();
        if (random.nextInt(3) == 0) {
            b.userName(text(random, USERS));
        }
        if (random.nextInt(3) == 0) {
            b.requestType(text(random, TYPES));
        }
        if (random.nextInt(2) == 0) {
            Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
            for (JobStatus s : JobStatus.values()) {
                if (random.nextInt(3) == 0) {
                    statuses.add(s);
                }
            }
            b.statuses(statuses);
        }
        if (random.nextInt(2) == 0) {
            b.createdFrom(date(random));
        }
        if (random.nextInt(2) == 0) {
            b.createdThrough(date(random));
        }
        if (random.nextInt(2) == 0) {
            b.zone(ZONES.get(random.nextInt(ZONES.size())));
        }
        if (random.nextInt(2) == 0) {
            b.page(random.nextInt(10) == 0 ? random.nextInt() : random.nextInt(4));
        }
        if (random.nextInt(2) == 0) {
            b.pageSize(random.nextInt(10) == 0 ? random.nextInt() : 1 + random.nextInt(60));
        }
        if (random.nextInt(3) == 0) {
            b.countCap(random.nextInt(10) == 0 ? random.nextInt() : 1 + random.nextInt(300));
        }
        return b.build();
    }

    private static String text(Random random, List<String> known) {
        int r = random.nextInt(10);
        if (r < 6) {
            return known.get(random.nextInt(known.size()));
        }
        if (r == 6) {
            return null;
        }
        if (r == 7) {
            return "x".repeat(45 + random.nextInt(10));
        }
        String alphabet = "aA%_'\\\"; -é\u0000*?[]";
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(8); i >= 0; i--) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static LocalDate date(Random random) {
        return switch (random.nextInt(12)) {
            case 0 -> LocalDate.of(1, 1, 1);
            case 1 -> LocalDate.of(9999, 12, 31);
            case 2 -> LocalDate.of(1970, 1, 1);
            default -> LocalDate.of(2026, 6, 27).plusDays(random.nextInt(8));
        };
    }

    private static String describe(JobQuery q) {
        return "user=" + q.userName() + " type=" + q.requestType() + " statuses=" + q.statuses() + " from="
                + q.createdFrom() + " through=" + q.createdThrough() + " zone=" + q.zone() + " page=" + q.page()
                + " size=" + q.pageSize() + " cap=" + q.countCap();
    }
}
