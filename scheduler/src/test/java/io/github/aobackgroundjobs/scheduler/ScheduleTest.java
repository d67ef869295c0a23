package io.github.aobackgroundjobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cron (both dialects) and intervals, and DST in the definition's zone as cron-utils evaluates it. */
class ScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void cron_fiveFields_isUnix_firesAtSecondZero() {
        Schedule s = Schedule.cron("*/15 9-17 * * MON-FRI");
        assertThat(s.nextAfter(Instant.parse("2026-12-04T09:07:13Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-04T09:15:00Z"));
        // Friday 17:45 -> Monday 09:00.
        assertThat(s.nextAfter(Instant.parse("2026-12-04T17:45:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-07T09:00:00Z"));
        assertThat(s.text()).isEqualTo("cron */15 9-17 * * MON-FRI");
        assertThat(Schedule.parse(s.text())).isEqualTo(s);
    }

    @Test
    void cron_sixFields_hasSecondsFirst() {
        Schedule s = Schedule.cron("*/10 * * * * *");
        assertThat(s.nextAfter(Instant.parse("2026-12-04T09:07:13Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-04T09:07:20Z"));
        assertThat(s.lastBefore(Instant.parse("2026-12-04T09:07:20Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-04T09:07:10Z"));
    }

    @Test
    void cron_isEvaluatedInTheDefinitionsZone() {
        Schedule s = Schedule.cron("0 9 * * *");
        assertThat(s.nextAfter(Instant.parse("2026-12-04T00:00:00Z"), ZoneId.of("America/New_York")))
                .contains(Instant.parse("2026-12-04T14:00:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-12-04T00:00:00Z"), ZoneId.of("Asia/Kathmandu")))
                .contains(Instant.parse("2026-12-04T03:15:00Z"));
    }

    @Test
    void interval_countsFromTheEpoch_whateverTheZone() {
        Schedule s = Schedule.every(Duration.ofMinutes(5));
        assertThat(s.nextAfter(Instant.parse("2026-12-04T09:07:13.250Z"), BERLIN))
                .contains(Instant.parse("2026-12-04T09:10:00Z"));
        assertThat(s.nextAfter(Instant.parse("2026-12-04T09:10:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-04T09:15:00Z"));
        assertThat(s.lastBefore(Instant.parse("2026-12-04T09:10:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-04T09:05:00Z"));
        assertThat(s.lastBefore(Instant.parse("2026-12-04T09:10:00.000001Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-04T09:10:00Z"));
        assertThat(s.firstAtOrAfter(Instant.parse("2026-12-04T09:10:00Z"), ZoneOffset.UTC))
                .contains(Instant.parse("2026-12-04T09:10:00Z"));
        assertThat(Schedule.parse(s.text())).isEqualTo(s);
        assertThat(s.describe()).isEqualTo("every 5m");
    }

    @Test
    void springForwardGap_aDailyTimeInTheGap_doesNotFireThatDay() {
        // 2026-03-29 in Berlin: 02:00 jumps to 03:00; 02:30 does not exist that day.
        List<Instant> fires = fires(Schedule.cron("0 30 2 * * *"), "2026-03-27T12:00:00Z", 3);
        assertThat(fires)
                .containsExactly(
                        Instant.parse("2026-03-28T01:30:00Z"), // 02:30+01:00
                        Instant.parse("2026-03-30T00:30:00Z"), // 02:30+02:00, the 29th skipped
                        Instant.parse("2026-03-31T00:30:00Z"));
    }

    @Test
    void springForwardGap_anHourlySchedule_hasOneFireLessThatNight() {
        List<Instant> fires = fires(Schedule.cron("0 0 * * * *"), "2026-03-28T23:30:00Z", 3);
        assertThat(fires)
                .containsExactly(
                        Instant.parse("2026-03-29T00:00:00Z"), // 01:00+01:00
                        Instant.parse("2026-03-29T01:00:00Z"), // 03:00+02:00: one real hour later
                        Instant.parse("2026-03-29T02:00:00Z"));
    }

    @Test
    void fallBackOverlap_aDailyTimeInTheOverlap_firesOnce_atItsFirstOccurrence() {
        // 2026-10-25 in Berlin: 03:00 falls back to 02:00; 02:30 happens twice.
        List<Instant> fires = fires(Schedule.cron("0 30 2 * * *"), "2026-10-24T12:00:00Z", 2);
        assertThat(fires)
                .containsExactly(
                        Instant.parse("2026-10-25T00:30:00Z"), // 02:30+02:00
                        Instant.parse("2026-10-26T01:30:00Z")); // 02:30+01:00 the next day
    }

    @Test
    void fallBackOverlap_anHourlySchedule_firesInBothOccurrences() {
        List<Instant> fires = fires(Schedule.cron("0 0 * * * *"), "2026-10-24T23:30:00Z", 3);
        assertThat(fires)
                .containsExactly(
                        Instant.parse("2026-10-25T00:00:00Z"), // 02:00+02:00
                        Instant.parse("2026-10-25T01:00:00Z"), // 02:00+01:00
                        Instant.parse("2026-10-25T02:00:00Z")); // 03:00+01:00
    }

    @Test
    void badInput_isRejectedNamingTheField() {
        assertThatThrownBy(() -> Schedule.cron("61 * * * *")).hasMessageContaining("'cron'");
        assertThatThrownBy(() -> Schedule.cron("* * *")).hasMessageContaining("'cron'");
        assertThatThrownBy(() -> Schedule.cron("  ")).hasMessageContaining("'cron'");
        assertThatThrownBy(() -> Schedule.cron("0 0 * * * * 2027")).hasMessageContaining("'cron'");
        assertThatThrownBy(() -> Schedule.every(Duration.ofMillis(999))).hasMessageContaining("'interval'");
        assertThatThrownBy(() -> Schedule.every(Duration.ofNanos(1_000_000_001L)))
                .hasMessageContaining("'interval'");
        assertThatThrownBy(() -> Schedule.parse("hourly")).hasMessageContaining("'schedule'");
    }

    private static List<Instant> fires(Schedule s, String from, int n) {
        List<Instant> list = new ArrayList<>();
        Instant t = Instant.parse(from);
        for (int i = 0; i < n; i++) {
            t = s.nextAfter(t, BERLIN).orElseThrow();
            list.add(t);
        }
        return list;
    }
}
