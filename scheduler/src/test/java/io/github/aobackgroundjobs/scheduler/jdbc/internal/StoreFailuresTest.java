package io.github.aobackgroundjobs.scheduler.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The error classification walks cause chains, which may loop. */
class StoreFailuresTest {

    /** @return {@code top}, whose cause is {@code inner}, whose cause is {@code top} again */
    private static Throwable loop(Throwable top, Throwable inner) {
        top.initCause(inner);
        inner.initCause(top);
        return top;
    }

    @Test
    void aCauseChainThatLoops_isWalkedOnce_withoutAMatch() {
        Throwable error = loop(new IllegalStateException("a"), new SQLException("b", "42000"));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(StoreFailures.unavailable(error)).isFalse();
            assertThat(StoreFailures.missingTable(error)).isFalse();
            assertThat(StoreFailures.uniqueViolation(error)).isFalse();
        });
    }

    @Test
    void aCauseChainThatLoops_isWalkedOnce_andAMatchInItCounts() {
        Throwable outage = loop(new IllegalStateException("a"), new SQLTransientConnectionException("down"));
        Throwable missing = loop(new IllegalStateException("a"), new SQLException("no table", "42P01"));
        Throwable duplicate = loop(new IllegalStateException("a"), new SQLException("taken", "23505"));

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            assertThat(StoreFailures.unavailable(outage)).isTrue();
            assertThat(StoreFailures.missingTable(missing)).isTrue();
            assertThat(StoreFailures.uniqueViolation(duplicate)).isTrue();
        });
    }
}
