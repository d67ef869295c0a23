package io.github.aobackgroundjobs.scheduler.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.scheduler.RecurringJob;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** docs/recurring-jobs.md, "Declarations", on the JDBC store (H2). */
class DeclarationsOnH2DocumentedTest {

    record ReportRequest(String period) {}

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:30Z"), ZoneOffset.UTC);
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final JdbiJobRepository<Long> repository;
    private final JdbiRecurringJobStore<Long> store;

    DeclarationsOnH2DocumentedTest() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        repository = JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        store = JdbiRecurringJobStore.builder(ds, repository)
                .createOrMigrateSchema(true)
                .build();
    }

    private static RecurringJob job(String name) {
        return RecurringJob.builder(name)
                .every(Duration.ofMinutes(1))
                .queue("reports")
                .user("ops")
                .request(new ReportRequest("daily"))
                .build();
    }

    private RecurringScheduler.Builder<Long> builder() {
        return RecurringScheduler.builder(store, queue).clock(clock);
    }

    @Test
    void aBuilderWithoutDeclareStoresNothingNotEvenRetention() {
        assertThat(builder().build().list()).isEmpty();
    }

    @Test
    void twoDefinitionsOfOneNameFailBeforeAnythingIsStored() {
        assertThatThrownBy(
                        () -> builder().declare(job("dup")).declare(job("dup")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(builder().build().list()).isEmpty();
    }

    @Test
    void anUndeclaredDefinitionStaysDoesNotFireAndCanThenBeDeleted() {
        RecurringScheduler<Long> v1 =
                builder().declare(job("kept")).declare(job("dropped")).build();
        Long byV1 = v1.runNow("dropped");
        RecurringScheduler<Long> v2 = builder().declare(job("kept")).build();
        assertThat(v2.list())
                .extracting(d -> d.definition().name() + " " + d.declared())
                .containsExactlyInAnyOrder("kept true", "dropped false", RetentionPolicy.DEFINITION_NAME + " true");
        clock.set(Instant.parse("2026-01-01T00:01:10Z"));
        assertThat(v2.fireDueJobs().queued()).isEqualTo(1);
        assertThat(v2.get("dropped").lastJobId()).isEqualTo(byV1.toString());
        v2.delete("dropped");
        assertThat(v2.find("dropped")).isEmpty();
        assertThat(repository.findJob(byV1)).as("the jobs it queued stay").isPresent();
    }

    @Test
    void retentionDisabledMarksTheTaskNotDeclaredAndDeclareNoneKeepsIt() {
        builder().declare(job("a")).build();
        RecurringScheduler<Long> off = builder()
                .declare(job("a"))
                .retention(RetentionPolicy.disabled())
                .build();
        assertThat(off.get(RetentionPolicy.DEFINITION_NAME).declared()).isFalse();
        assertThatThrownBy(off::runRetentionNow)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Retention is disabled.");
        RecurringScheduler<Long> none = builder().declareNone().build();
        assertThat(none.list())
                .filteredOn(DefinitionState::declared)
                .extracting(d -> d.definition().name())
                .containsExactly(RetentionPolicy.DEFINITION_NAME);
    }
}
