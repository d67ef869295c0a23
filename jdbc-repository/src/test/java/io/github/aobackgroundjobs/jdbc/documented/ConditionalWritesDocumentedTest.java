package io.github.aobackgroundjobs.jdbc.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.jdbc.TestDatabases;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobCompletion;
import io.github.aobackgroundjobs.spi.LeaseState;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/jdbc-repository.md, "How it writes" and "Schema and migrations": every change sets
 * {@code updated_at} to the time passed in and adds one to {@code version}; a write whose
 * condition no longer holds changes nothing and says so; the version table's columns. On H2
 * and on PostgreSQL.
 */
class ConditionalWritesDocumentedTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    private static DataSource database(String which) {
        return which.equals("h2") ? TestDatabases.h2() : TestDatabases.postgresInNewSchema("writes");
    }

    private static long pending(JdbiJobRepository<Long> repository) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("Parcel");
        job.setRequestData("{}");
        job.setQueueName("parcels");
        job.setCreated(T0);
        job.setNextAttemptAt(T0);
        return repository.insert(job).getId();
    }

    /** Asserts that a write stamped the row with its time and one more version. */
    private static void assertTouched(JdbiJobRepository<Long> repository, long id, long versionBefore, Instant at) {
        BackgroundJobInfo<Long> job = repository.getJob(id);
        assertThat(job.getUpdatedAt()).isEqualTo(at);
        assertThat(job.getVersion()).isEqualTo(versionBefore + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void everyChangeSetsUpdatedAtToTheTimePassedAndAddsOneToTheVersion(String which) {
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(database(which))
                .createOrMigrateSchema(true)
                .build();
        long id = pending(repository);
        long v = repository.getJob(id).getVersion();

        Instant t1 = T0.plusSeconds(1);
        assertThat(repository.markSent(id, t1)).isTrue();
        assertTouched(repository, id, v++, t1);

        Instant t2 = T0.plusSeconds(2);
        assertThat(repository
                        .claim(new ClaimRequest<>(id, "worker-1", t2, Duration.ofSeconds(30), 5, null, "Parcel"))
                        .job())
                .isNotNull();
        assertTouched(repository, id, v++, t2);

        Instant t3 = T0.plusSeconds(3);
        assertThat(repository.renewLease(id, "worker-1", t3, t3.plusSeconds(30)))
                .isEqualTo(LeaseState.HELD);
        assertTouched(repository, id, v++, t3);
        assertThat(repository.renewLease(id, "worker-2", t3, t3.plusSeconds(30)))
                .as("another owner's write changes nothing")
                .isNotEqualTo(LeaseState.HELD);
        assertThat(repository.getJob(id).getVersion()).isEqualTo(v);

        Instant t4 = T0.plusSeconds(4);
        repository.saveProgress(id, "worker-1", 40, "packing", t4);
        assertTouched(repository, id, v++, t4);

        Instant t5 = T0.plusSeconds(5);
        assertThat(repository.requestCancel(id, t5)).isEqualTo(CancelResult.REQUESTED);
        assertTouched(repository, id, v++, t5);

        Instant t6 = T0.plusSeconds(6);
        assertThat(repository.complete(
                        new JobCompletion<>(id, "worker-1", JobStatus.CANCELLED, t6, 4_000, null, null, null)))
                .isTrue();
        assertTouched(repository, id, v++, t6);
        assertThat(repository.complete(
                        new JobCompletion<>(id, "worker-1", JobStatus.SUCCEEDED, t6, 4_000, "{}", null, null)))
                .as("no longer RUNNING: nothing changes")
                .isFalse();
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.CANCELLED);

        Instant t7 = T0.plusSeconds(7);
        assertThat(repository.markCleared(id, t7)).isTrue();
        assertTouched(repository, id, v++, t7);

        Instant t8 = T0.plusSeconds(8);
        assertThat(repository.requeue(id, t8, t8)).isTrue();
        assertTouched(repository, id, v, t8);
        assertThat(repository.getJob(id).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(repository.getJob(id).getAttempts()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void theVersionTableHasTheDocumentedColumnsAndOneRowPerVersion(String which) throws SQLException {
        DataSource ds = database(which);
        JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        assertThat(strings(
                        ds,
                        "SELECT LOWER(column_name) || ' ' || LOWER(data_type) || ' '"
                                + " || COALESCE(CAST(character_maximum_length AS VARCHAR(10)), '-')"
                                + " FROM information_schema.columns WHERE LOWER(table_name) = 'background_jobs_schema_version'"
                                + " AND table_schema = CURRENT_SCHEMA ORDER BY ordinal_position"))
                .containsExactly(
                        "version integer -",
                        "description character varying 200",
                        "key_type character varying 10",
                        "installed_at timestamp with time zone -");
        assertThat(strings(ds, "SELECT version FROM background_jobs_schema_version ORDER BY version"))
                .containsExactly("1", "2");
        assertThat(strings(ds, "SELECT UPPER(key_type) FROM background_jobs_schema_version"))
                .containsOnly("LONG");
    }

    private static List<String> strings(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    @org.junit.jupiter.api.Test
    void anOverLongUserNameInAFilterIsRefusedNamingTheField() {
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(TestDatabases.h2())
                .createOrMigrateSchema(true)
                .build();
        assertThatThrownBy(() -> repository.findActiveJobs("u".repeat(51), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> repository.findUpdatedSince(T0, "u".repeat(51), 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
    }
}
