package io.github.aobackgroundjobs.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.scheduler.memory.InMemoryRecurringJobStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Bad definitions fail when built, naming the field, and nothing is stored. */
class RecurringJobValidationTest {

    /** A request Jackson cannot write: its only property throws. */
    public static final class Opaque {
        /** @return never */
        public String getValue() {
            throw new IllegalStateException("not serializable");
        }
    }

    @Test
    void eachBadInput_failsAtBuild_namingTheField() {
        assertThatThrownBy(() -> RecurringJob.builder("r").cron("0 0 32 * *"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cron'");
        assertThatThrownBy(() -> RecurringJob.builder("r").zone("Mars/Olympus_Mons"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'zone'");
        assertThatThrownBy(() -> RecurringJob.builder("r").every(Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'interval'");
        assertThatThrownBy(() -> RecurringJob.builder("r").queue("Bad_Queue"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
        assertThatThrownBy(() -> RecurringJob.builder("r").user("u".repeat(51)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> RecurringJob.builder("r").lateness(Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lateness'");
        assertThatThrownBy(() -> RecurringJob.builder("bad name"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'");
        assertThatThrownBy(() -> RecurringJob.builder("r")
                        .every(Duration.ofSeconds(1))
                        .queue("reports")
                        .user("ops")
                        .request(new Opaque())
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'request'");
        assertThatThrownBy(() -> RecurringJob.builder("r")
                        .queue("reports")
                        .user("ops")
                        .request("x")
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'schedule'");
    }

    @Test
    void duplicateNameInOneDeclaration_failsBeforeAnythingIsStored() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryRecurringJobStore<Long> store = new InMemoryRecurringJobStore<>(repository);
        RecurringJob a = job("nightly", "0 2 * * *");
        RecurringJob b = job("nightly", "0 3 * * *");
        RecurringScheduler.Builder<Long> builder = RecurringScheduler.builder(store, new InMemoryJobQueue())
                .clock(new SettableClock())
                .declare(a);
        assertThatThrownBy(() -> builder.declare(b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'name'")
                .hasMessageContaining("nightly");
        assertThat(store.findAll()).isEmpty();
    }

    static RecurringJob job(String name, String cron) {
        return RecurringJob.builder(name)
                .cron(cron)
                .queue("reports")
                .user("ops")
                .request(new Ping("hello"))
                .build();
    }

    /** A small request. */
    public record Ping(String text) {}
}
