package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Filters and paging for {@link JobQueryRepository#findJobs}: the original's dashboard query
 * (user, request type, created from/through, status; newest first; pages of 10).
 * Immutable and thread-safe; build with {@link #builder()}.
 */
public final class JobQuery {

    /** Default page size, as in the original. */
    public static final int DEFAULT_PAGE_SIZE = 10;
    /** Largest page size accepted. */
    public static final int MAX_PAGE_SIZE = 200;
    /** Default cap on the total count: beyond it the count reads "10,000+". */
    public static final int DEFAULT_COUNT_CAP = 10_000;

    private final String userName;
    private final String requestType;
    private final Set<JobStatus> statuses;
    private final LocalDate createdFrom;
    private final LocalDate createdThrough;
    private final ZoneId zone;
    private final int page;
    private final int pageSize;
    private final int countCap;

    private JobQuery(Builder b) {
        this.userName = b.userName;
        this.requestType = b.requestType;
        this.statuses =
                b.statuses.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(b.statuses));
        this.createdFrom = b.createdFrom;
        this.createdThrough = b.createdThrough;
        this.zone = b.zone;
        this.page = b.page;
        this.pageSize = b.pageSize;
        this.countCap = b.countCap;
    }

    /** @return a builder with no filters, page 0 of {@value #DEFAULT_PAGE_SIZE} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return exact user name to match, or null */
    public String userName() {
        return userName;
    }
    /** @return exact request type to match, or null */
    public String requestType() {
        return requestType;
    }
    /** @return states to match; empty means all */
    public Set<JobStatus> statuses() {
        return statuses;
    }
    /** @return first day (inclusive, in {@link #zone()}) of created, or null */
    public LocalDate createdFrom() {
        return createdFrom;
    }
    /** @return last day (inclusive, in {@link #zone()}) of created, or null */
    public LocalDate createdThrough() {
        return createdThrough;
    }
    /** @return the zone the dates are in */
    public ZoneId zone() {
        return zone;
    }
    /** @return 0-based page number */
    public int page() {
        return page;
    }
    /** @return rows per page */
    public int pageSize() {
        return pageSize;
    }
    /** @return the total count stops at this value */
    public int countCap() {
        return countCap;
    }
    /** @return rows to skip */
    public long offset() {
        return (long) page * pageSize;
    }

    /** @return inclusive lower bound on created, or null */
    public Instant createdFromInstant() {
        return createdFrom == null ? null : createdFrom.atStartOfDay(zone).toInstant();
    }

    /** @return exclusive upper bound on created (the start of the day after created-through), or null */
    public Instant createdBeforeInstant() {
        return createdThrough == null
                ? null
                : createdThrough.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /**
     * Whether a record matches the filters (used by in-memory implementations and tests).
     *
     * @param job a record
     * @return true if it matches
     */
    public boolean matches(BackgroundJobInfo<?> job) {
        if (userName != null && !userName.equals(job.getUserName())) {
            return false;
        }
        if (requestType != null && !requestType.equals(job.getRequestType())) {
            return false;
        }
        if (!statuses.isEmpty() && !statuses.contains(job.getStatus())) {
            return false;
        }
        Instant from = createdFromInstant();
        if (from != null && job.getCreated().isBefore(from)) {
            return false;
        }
        Instant before = createdBeforeInstant();
        return before == null || job.getCreated().isBefore(before);
    }

    /** Earliest date a filter may name: databases store no earlier timestamps alike. */
    public static final LocalDate MIN_DATE = LocalDate.of(1, 1, 1);
    /** Latest date a filter may name. */
    public static final LocalDate MAX_DATE = LocalDate.of(9999, 12, 31);

    /** Builds a {@link JobQuery}. Not thread-safe. */
    public static final class Builder {
        private String userName;
        private String requestType;
        private Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        private LocalDate createdFrom;
        private LocalDate createdThrough;
        private ZoneId zone = ZoneOffset.UTC;
        private int page;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private int countCap = DEFAULT_COUNT_CAP;

        private Builder() {}

        private static LocalDate requireDate(LocalDate date, String field) {
            if (date != null && (date.isBefore(MIN_DATE) || date.isAfter(MAX_DATE))) {
                throw new IllegalArgumentException(
                        "'" + field + "' must be between " + MIN_DATE + " and " + MAX_DATE + ", not " + date + ".");
            }
            return date;
        }

        /**
         * @param userName exact user name, or null/blank for any
         * @return this
         * @throws IllegalArgumentException if longer than {@value BackgroundJobInfo#MAX_USER_NAME_LENGTH}
         */
        public Builder userName(String userName) {
            this.userName = blankToNull(userName);
            if (this.userName != null) {
                JobValidation.requireUserNameFilter(this.userName);
            }
            return this;
        }

        /**
         * @param requestType exact request type, or null/blank for any
         * @return this
         * @throws IllegalArgumentException if longer than {@value BackgroundJobInfo#MAX_REQUEST_TYPE_LENGTH}
         */
        public Builder requestType(String requestType) {
            this.requestType = blankToNull(requestType);
            if (this.requestType != null) {
                JobValidation.requireRequestTypeFilter(this.requestType);
            }
            return this;
        }

        /**
         * @param statuses states to match; none means all
         * @return this
         */
        public Builder statuses(JobStatus... statuses) {
            this.statuses = EnumSet.noneOf(JobStatus.class);
            for (JobStatus s : statuses) {
                this.statuses.add(Objects.requireNonNull(s, "'statuses' cannot contain null."));
            }
            return this;
        }

        /**
         * @param statuses states to match; empty means all
         * @return this
         */
        public Builder statuses(Set<JobStatus> statuses) {
            return statuses(Objects.requireNonNull(statuses, "'statuses' cannot be null.")
                    .toArray(new JobStatus[0]));
        }

        /**
         * @param createdFrom first day, inclusive, or null; from {@link #MIN_DATE} to {@link #MAX_DATE}
         * @return this
         * @throws IllegalArgumentException naming {@code 'createdFrom'} if outside that range
         */
        public Builder createdFrom(LocalDate createdFrom) {
            this.createdFrom = requireDate(createdFrom, "createdFrom");
            return this;
        }

        /**
         * @param createdThrough last day, inclusive, or null; from {@link #MIN_DATE} to {@link #MAX_DATE}
         * @return this
         * @throws IllegalArgumentException naming {@code 'createdThrough'} if outside that range
         */
        public Builder createdThrough(LocalDate createdThrough) {
            this.createdThrough = requireDate(createdThrough, "createdThrough");
            return this;
        }

        /**
         * @param zone the zone the dates are in (default UTC)
         * @return this
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "'zone' cannot be null.");
            return this;
        }

        /**
         * @param page 0-based page number
         * @return this
         * @throws IllegalArgumentException if negative or beyond 1,000,000
         */
        public Builder page(int page) {
            if (page < 0 || page > 1_000_000) {
                throw new IllegalArgumentException("'page' must be between 0 and 1000000, not " + page + ".");
            }
            this.page = page;
            return this;
        }

        /**
         * @param pageSize rows per page, 1..{@value #MAX_PAGE_SIZE}
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder pageSize(int pageSize) {
            if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
                throw new IllegalArgumentException(
                        "'pageSize' must be between 1 and " + MAX_PAGE_SIZE + ", not " + pageSize + ".");
            }
            this.pageSize = pageSize;
            return this;
        }

        /**
         * @param countCap stop counting at this many, at least 1
         * @return this
         * @throws IllegalArgumentException if below 1
         */
        public Builder countCap(int countCap) {
            if (countCap < 1) {
                throw new IllegalArgumentException("'countCap' must be at least 1.");
            }
            this.countCap = countCap;
            return this;
        }

        /**
         * @return the query
         * @throws IllegalStateException if created-from is after created-through
         */
        public JobQuery build() {
            if (createdFrom != null && createdThrough != null && createdFrom.isAfter(createdThrough)) {
                throw new IllegalStateException(
                        "'createdFrom' " + createdFrom + " is after 'createdThrough' " + createdThrough + ".");
            }
            return new JobQuery(this);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
