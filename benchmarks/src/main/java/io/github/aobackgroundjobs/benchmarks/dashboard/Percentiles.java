package io.github.aobackgroundjobs.benchmarks.dashboard;

import java.util.Arrays;
import java.util.List;

/** Percentiles of a sample of latencies in milliseconds. */
final class Percentiles {

    private final long[] sorted;

    Percentiles(List<Long> values) {
        sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    Percentiles(long[] values, int count) {
        sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
    }

    long at(double p) {
        if (sorted.length == 0) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    int count() {
        return sorted.length;
    }

    @Override
    public String toString() {
        return "n=" + count() + " p50=" + at(50) + " ms, p95=" + at(95) + " ms, p99=" + at(99) + " ms, max=" + at(100)
                + " ms";
    }
}
