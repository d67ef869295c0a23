package io.github.aobackgroundjobs.scheduler.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.scheduler.Schedule;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/recurring-jobs.md, "Schedules": the two cron dialects' days of the week and specials. */
class CronDialectsDocumentedTest {

    // Sunday 1 March 2026, 00:00 UTC
    private static final Instant SUNDAY = Instant.parse("2026-03-01T00:00:00Z");

    private static List<DayOfWeek> nextDays(String cron, int n) {
        List<DayOfWeek> days = new ArrayList<>();
        Instant t = SUNDAY.minusSeconds(1);
        for (int i = 0; i < n; i++) {
            t = Schedule.cron(cron).nextAfter(t, ZoneOffset.UTC).orElseThrow();
            days.add(t.atZone(ZoneOffset.UTC).getDayOfWeek());
        }
        return days;
    }

    @Test
    void dayOfWeekNumbersAndNamesMeanTheSameDayInBothDialects() {
        Map<String, List<DayOfWeek>> expected = new LinkedHashMap<>();
        List<DayOfWeek> weekdays =
                List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        expected.put("0 12 * * 1", List.of(DayOfWeek.MONDAY, DayOfWeek.MONDAY));
        expected.put("0 12 * * 0", List.of(DayOfWeek.SUNDAY, DayOfWeek.SUNDAY));
        expected.put("0 12 * * 1-5", weekdays);
        expected.put("0 12 * * MON-FRI", weekdays);
        expected.put("0 12 * * SUN", List.of(DayOfWeek.SUNDAY, DayOfWeek.SUNDAY));
        expected.put("0 0 12 * * 1", List.of(DayOfWeek.MONDAY, DayOfWeek.MONDAY));
        expected.put("0 0 12 * * 0", List.of(DayOfWeek.SUNDAY, DayOfWeek.SUNDAY));
        expected.put("0 0 12 * * 7", List.of(DayOfWeek.SUNDAY, DayOfWeek.SUNDAY));
        expected.put("0 0 12 * * 1-5", weekdays);
        expected.put("0 0 12 * * MON-FRI", weekdays);
        expected.put("0 0 12 ? * SUN", List.of(DayOfWeek.SUNDAY, DayOfWeek.SUNDAY));
        expected.forEach(
                (cron, days) -> assertThat(nextDays(cron, days.size())).as(cron).containsExactlyElementsOf(days));
    }

    @Test
    void lastDayAndNearestWeekdayOfTheSpringDialect() {
        assertThat(Schedule.cron("0 0 0 L * ?").nextAfter(SUNDAY, ZoneOffset.UTC))
                .contains(Instant.parse("2026-03-31T00:00:00Z"));
        // 15 March 2026 is a Sunday: the nearest weekday is Monday 16 March
        assertThat(Schedule.cron("0 0 0 15W * ?").nextAfter(SUNDAY, ZoneOffset.UTC))
                .contains(Instant.parse("2026-03-16T00:00:00Z"));
    }
}
