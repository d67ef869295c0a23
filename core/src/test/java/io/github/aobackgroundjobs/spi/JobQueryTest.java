package io.github.aobackgroundjobs.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class JobQueryTest {

    @Test
    void defaultsAreTheFirstPageOfTenWithoutFilters() {
        JobQuery query = JobQuery.builder().build();

        assertThat(query.userName()).isNull();
        assertThat(query.requestType()).isNull();
        assertThat(query.statuses()).isEmpty();
        assertThat(query.createdFrom()).isNull();
        assertThat(query.createdThrough()).isNull();
        assertThat(query.zone()).isEqualTo(ZoneOffset.UTC);
        assertThat(query.page()).isZero();
        assertThat(query.pageSize()).isEqualTo(JobQuery.DEFAULT_PAGE_SIZE).isEqualTo(10);
        assertThat(query.countCap()).isEqualTo(JobQuery.DEFAULT_COUNT_CAP);
        assertThat(query.offset()).isZero();
        assertThat(query.createdFromInstant()).isNull();
        assertThat(query.createdBeforeInstant()).isNull();
    }

    @Test
    void blankTextFiltersMeanAny() {
        JobQuery query = JobQuery.builder().userName("  ").requestType("").build();
        assertThat(query.userName()).isNull();
        assertThat(query.requestType()).isNull();
    }

    @Test
    void outOfRangeValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> JobQuery.builder().page(-1)).hasMessageContaining("'page'");
        assertThatThrownBy(() -> JobQuery.builder().page(1_000_001)).hasMessageContaining("'page'");
        assertThatThrownBy(() -> JobQuery.builder().pageSize(0)).hasMessageContaining("'pageSize'");
        assertThatThrownBy(() -> JobQuery.builder().pageSize(JobQuery.MAX_PAGE_SIZE + 1))
                .hasMessageContaining("'pageSize'");
        assertThatThrownBy(() -> JobQuery.builder().countCap(0)).hasMessageContaining("'countCap'");
        assertThatThrownBy(() -> JobQuery.builder().userName("u".repeat(51))).hasMessageContaining("'userName'");
        assertThatThrownBy(() -> JobQuery.builder().requestType("t".repeat(51))).hasMessageContaining("'requestType'");
        assertThatThrownBy(() -> JobQuery.builder().zone(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'zone' cannot be null.");
        assertThatThrownBy(() -> JobQuery.builder().statuses(JobStatus.PENDING, null))
                .hasMessageContaining("'statuses'");
    }

    @Test
    void fromAfterThroughFailsTheBuild() {
        JobQuery.Builder builder =
                JobQuery.builder().createdFrom(LocalDate.of(2026, 3, 2)).createdThrough(LocalDate.of(2026, 3, 1));
        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'createdFrom'");
    }

    @Test
    void datesAreWholeDaysInTheQueryZone() {
        JobQuery query = JobQuery.builder()
                .zone(ZoneId.of("Pacific/Kiritimati"))
                .createdFrom(LocalDate.of(2026, 3, 2))
                .createdThrough(LocalDate.of(2026, 3, 2))
                .build();

        assertThat(query.createdFromInstant()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(query.createdBeforeInstant()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
        assertThat(query.matches(job("alice", "T", JobStatus.PENDING, "2026-03-01T09:59:59.999Z")))
                .isFalse();
        assertThat(query.matches(job("alice", "T", JobStatus.PENDING, "2026-03-01T10:00:00Z")))
                .isTrue();
        assertThat(query.matches(job("alice", "T", JobStatus.PENDING, "2026-03-02T09:59:59.999Z")))
                .isTrue();
        assertThat(query.matches(job("alice", "T", JobStatus.PENDING, "2026-03-02T10:00:00Z")))
                .isFalse();
    }

    @Test
    void aDayAcrossADaylightSavingChangeHasItsRealLength() {
        JobQuery query = JobQuery.builder()
                .zone(ZoneId.of("America/Los_Angeles"))
                .createdFrom(LocalDate.of(2026, 3, 8))
                .createdThrough(LocalDate.of(2026, 3, 8))
                .build();

        assertThat(query.createdFromInstant()).isEqualTo(Instant.parse("2026-03-08T08:00:00Z"));
        assertThat(query.createdBeforeInstant()).isEqualTo(Instant.parse("2026-03-09T07:00:00Z"));
    }

    @Test
    void matchesAppliesEveryFilter() {
        JobQuery query = JobQuery.builder()
                .userName("alice")
                .requestType("Zip")
                .statuses(EnumSet.of(JobStatus.FAILED, JobStatus.ABORTED))
                .build();

        assertThat(query.matches(job("alice", "Zip", JobStatus.FAILED, "2026-01-01T00:00:00Z")))
                .isTrue();
        assertThat(query.matches(job("bob", "Zip", JobStatus.FAILED, "2026-01-01T00:00:00Z")))
                .isFalse();
        assertThat(query.matches(job("alice", "Mail", JobStatus.FAILED, "2026-01-01T00:00:00Z")))
                .isFalse();
        assertThat(query.matches(job("alice", "Zip", JobStatus.SUCCEEDED, "2026-01-01T00:00:00Z")))
                .isFalse();
    }

    @Test
    void theOffsetIsPageTimesPageSize() {
        assertThat(JobQuery.builder().page(3).pageSize(25).build().offset()).isEqualTo(75);
        assertThat(JobQuery.builder().page(1_000_000).pageSize(200).build().offset())
                .isEqualTo(200_000_000L);
    }

    @Test
    void theStatusSetIsACopy() {
        EnumSet<JobStatus> statuses = EnumSet.of(JobStatus.PENDING);
        JobQuery query = JobQuery.builder().statuses(statuses).build();
        statuses.add(JobStatus.RUNNING);

        assertThat(query.statuses()).containsExactly(JobStatus.PENDING);
        assertThatThrownBy(() -> query.statuses().add(JobStatus.FAILED))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aPageSaysItsTotalAsAPersonReadsIt() {
        assertThat(new JobPage<Long>(java.util.List.of(), 0, 10, 42, false).totalText())
                .isEqualTo("42");
        assertThat(new JobPage<Long>(java.util.List.of(), 0, 10, 10_000, true).totalText())
                .isEqualTo("10,000+");
    }

    @Test
    void aPageSaysItsTotalWithCommasWhateverTheDefaultLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        java.util.Locale.setDefault(java.util.Locale.GERMANY); // groups with dots
        try {
            assertThat(new JobPage<Long>(java.util.List.of(), 0, 10, 1_234_567, false).totalText())
                    .isEqualTo("1,234,567");
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    private static BackgroundJobInfo<Long> job(String user, String type, JobStatus status, String created) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName(user);
        job.setRequestType(type);
        job.setStatus(status);
        job.setCreated(Instant.parse(created));
        return job;
    }
}
