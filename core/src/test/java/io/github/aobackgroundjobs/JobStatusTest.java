package io.github.aobackgroundjobs;

import static io.github.aobackgroundjobs.JobStatus.ABORTED;
import static io.github.aobackgroundjobs.JobStatus.CANCELLED;
import static io.github.aobackgroundjobs.JobStatus.FAILED;
import static io.github.aobackgroundjobs.JobStatus.PENDING;
import static io.github.aobackgroundjobs.JobStatus.RUNNING;
import static io.github.aobackgroundjobs.JobStatus.SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobStatusTest {

    /** The design's table, written out independently of the enum. */
    private static final Map<JobStatus, Set<JobStatus>> ALLOWED = Map.of(
            PENDING, Set.of(RUNNING, ABORTED, CANCELLED),
            RUNNING, Set.of(SUCCEEDED, FAILED, PENDING, ABORTED, CANCELLED),
            SUCCEEDED, Set.of(),
            FAILED, Set.of(PENDING),
            ABORTED, Set.of(PENDING),
            CANCELLED, Set.of(PENDING));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (JobStatus from : JobStatus.values()) {
            for (JobStatus to : JobStatus.values()) {
                pairs.add(Arguments.of(from, to, ALLOWED.get(from).contains(to)));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} allowed: {2}")
    @MethodSource("everyPair")
    void everyTransitionIsAllowedOrForbiddenAsTheTableSays(JobStatus from, JobStatus to, boolean allowed) {
        assertThat(from.canTransitionTo(to)).isEqualTo(allowed);
        assertThat(from.allowedNext().contains(to)).isEqualTo(allowed);
    }

    @Test
    void theWholeTableIsTheDesignsTable() {
        assertThat(JobStatus.allowedTransitions()).isEqualTo(ALLOWED);
    }

    @Test
    void theTableCannotBeChanged() {
        assertThatThrownBy(() -> PENDING.allowedNext().add(SUCCEEDED))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> JobStatus.allowedTransitions().put(SUCCEEDED, Set.of(PENDING)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void codesAreTheStoredValuesAndNeverChange() {
        assertThat(PENDING.code()).isZero();
        assertThat(RUNNING.code()).isEqualTo(1);
        assertThat(SUCCEEDED.code()).isEqualTo(2);
        assertThat(FAILED.code()).isEqualTo(3);
        assertThat(ABORTED.code()).isEqualTo(4);
        assertThat(CANCELLED.code()).isEqualTo(5);
        for (JobStatus status : JobStatus.values()) {
            assertThat(JobStatus.fromCode(status.code())).isSameAs(status);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 6, 42, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void fromCodeRejectsAnUnknownCodeNamingIt(int code) {
        assertThatThrownBy(() -> JobStatus.fromCode(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'code'")
                .hasMessageContaining(String.valueOf(code));
    }

    @Test
    void finishedStatesAreTerminal() {
        assertThat(PENDING.isTerminal()).isFalse();
        assertThat(RUNNING.isTerminal()).isFalse();
        assertThat(SUCCEEDED.isTerminal()).isTrue();
        assertThat(FAILED.isTerminal()).isTrue();
        assertThat(ABORTED.isTerminal()).isTrue();
        assertThat(CANCELLED.isTerminal()).isTrue();
    }
}
