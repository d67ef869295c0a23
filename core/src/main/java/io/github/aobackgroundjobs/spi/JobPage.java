package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One page of {@link JobQueryRepository#findJobs}.
 *
 * @param <K> the key type
 * @param items the records of this page, newest first (created descending, then id descending);
 *     empty for a page beyond the last
 * @param page 0-based page number
 * @param pageSize rows per page asked for
 * @param total matching records, but at most the query's count cap (the cap never limits the items)
 * @param totalCapped true if more records match than {@code total} says ("10,000+")
 */
public record JobPage<K>(List<BackgroundJobInfo<K>> items, int page, int pageSize, long total, boolean totalCapped) {
    /**
     * Copies the list.
     * @param items see {@link #items()}
     * @param page see {@link #page()}
     * @param pageSize see {@link #pageSize()}
     * @param total see {@link #total()}
     * @param totalCapped see {@link #totalCapped()}
     */
    public JobPage {
        items = List.copyOf(Objects.requireNonNull(items, "'items' cannot be null."));
    }

    /** @return the total as a person reads it: "42", or "10,000+" when capped */
    public String totalText() {
        return String.format(Locale.ROOT, "%,d", total) + (totalCapped ? "+" : "");
    }
}
