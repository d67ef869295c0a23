package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.jdbc.internal.Dialect;
import io.github.aobackgroundjobs.jdbc.internal.JobSql;
import io.github.aobackgroundjobs.jdbc.internal.NamedSql;
import io.github.aobackgroundjobs.spi.ClaimRequest;
import io.github.aobackgroundjobs.spi.JobCompletion;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The writes by id find their row through the primary key, also under the plan PostgreSQL
 * caches for a prepared statement (its generic plan), and also when the statistics were taken
 * while every job was finished and a burst of PENDING jobs came after: the situation of a
 * production table at a busy moment. With the status compared as a bare column, PostgreSQL
 * chose the partial index of PENDING jobs for {@code markSent} and scanned every PENDING job
 * for each write.
 */
class PostgresWritePlanTest {

    private static final int FINISHED = 300;
    private static final int PENDING = 2_000;

    @Test
    void writesByIdUseThePrimaryKeyWithStatisticsOfAFinishedTable() throws Exception {
        try (HikariDataSource pool = TestDatabases.postgresPool(2)) {
            JdbiJobRepository<Long> repository = newRepository(pool, "plan");
            Instant now = Instant.parse("2026-05-01T08:00:00Z");
            for (int i = 0; i < FINISHED; i++) {
                long id = repository.insert(job(now)).getId();
                repository.claim(new ClaimRequest<>(id, "w", now, Duration.ofMinutes(5), 3, "{}"));
                repository.complete(new JobCompletion<>(id, "w", JobStatus.SUCCEEDED, now, 0, "{}", null, null));
            }
            analyze(pool, repository);
            long last = 0;
            for (int i = 0; i < PENDING; i++) {
                last = repository.insert(job(now)).getId();
            }
            JobSql sql = new JobSql(Dialect.POSTGRESQL, repository.tableName());
            Map<String, String> writes = Map.of(
                    "markSent",
                    sql.markSent,
                    "claim",
                    sql.claim,
                    "completeFinal",
                    sql.completeFinal,
                    "completeRetry",
                    sql.completeRetry,
                    "renewLease",
                    sql.renewLease,
                    "saveProgress",
                    sql.saveProgress,
                    "markAborted",
                    sql.markAborted,
                    "requestCancel",
                    sql.requestCancel,
                    "requeue",
                    sql.requeue);

            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("SET plan_cache_mode = force_generic_plan");
                for (Map.Entry<String, String> write : writes.entrySet()) {
                    String plan = genericPlan(s, write.getKey(), new NamedSql(write.getValue()), last);
                    assertThat(plan)
                            .as(write.getKey() + ":\n" + plan)
                            .contains("_pkey")
                            .contains("Index Cond: (id = $");
                }
                // The writes over an id array reach each row by the primary key too, and nothing else.
                Map<String, String> arrayWrites = Map.of("markAllSent", sql.markAllSent, "claimAll", sql.claimAll);
                for (Map.Entry<String, String> write : arrayWrites.entrySet()) {
                    String plan = genericPlan(s, write.getKey(), new NamedSql(write.getValue()), last);
                    assertThat(plan)
                            .as(write.getKey() + ":\n" + plan)
                            .contains("Index Cond: (id = wanted.id)")
                            .doesNotContain("Seq Scan")
                            .doesNotContain("Bitmap");
                    assertOnlyThePrimaryKey(write.getKey(), plan);
                }
            }
        }
    }

    /**
     * A new install's table (or one a purge emptied) has the statistics of an empty table. A burst
     * of jobs before the next analysis made PostgreSQL take the request-type index for the batch
     * claim, and run its locking sub-select once per row found there: 400 ms per claim with a few
     * hundred jobs waiting, in the peer benchmark. Every plan, generic or custom, must reach the
     * rows by the primary key alone.
     */
    @Test
    void arrayWritesUseOnlyThePrimaryKeyWithStatisticsOfAnEmptyTable() throws Exception {
        try (HikariDataSource pool = TestDatabases.postgresPool(2)) {
            JdbiJobRepository<Long> repository = newRepository(pool, "planempty");
            analyze(pool, repository);
            Instant now = Instant.parse("2026-05-01T08:00:00Z");
            long last = 0;
            for (int i = 0; i < PENDING; i++) {
                last = repository.insert(job(now)).getId();
            }
            JobSql sql = new JobSql(Dialect.POSTGRESQL, repository.tableName());
            Map<String, String> writes =
                    Map.of("claimAll", sql.claimAll, "markAllSent", sql.markAllSent, "claim", sql.claim);
            try (Connection c = pool.getConnection();
                    Statement s = c.createStatement()) {
                for (String mode : List.of("force_custom_plan", "force_generic_plan")) {
                    s.execute("SET plan_cache_mode = " + mode);
                    for (Map.Entry<String, String> write : writes.entrySet()) {
                        String plan = plan(s, write.getKey(), new NamedSql(write.getValue()), last, "'Echo'");
                        s.execute("DEALLOCATE " + write.getKey());
                        assertThat(plan)
                                .as(mode + ", " + write.getKey() + ":\n" + plan)
                                .doesNotContain("Seq Scan");
                        assertOnlyThePrimaryKey(mode + ", " + write.getKey(), plan);
                    }
                }
            }
        }
    }

    private static JdbiJobRepository<Long> newRepository(HikariDataSource pool, String schemaPrefix) {
        return JdbiJobRepository.builder(pool)
                .schema(TestDatabases.uniqueName(schemaPrefix))
                .createOrMigrateSchema(true)
                .build();
    }

    private static void analyze(HikariDataSource pool, JdbiJobRepository<Long> repository) throws Exception {
        try (Connection c = pool.getConnection();
                Statement s = c.createStatement()) {
            s.execute("ANALYZE " + repository.tableName());
        }
    }

    private static void assertOnlyThePrimaryKey(String what, String plan) {
        // Index Scan, Index Only Scan and Bitmap Index Scan alike.
        List<String> scans = plan.lines()
                .filter(line -> line.contains("Index ") && line.contains(" Scan "))
                .toList();
        assertThat(scans).as(what + ": an index scan:\n" + plan).isNotEmpty();
        assertThat(scans).as(what + ": only the primary key:\n" + plan).allMatch(line -> line.contains("_pkey"));
    }

    private static String genericPlan(Statement s, String name, NamedSql sql, long id) throws Exception {
        return plan(s, name, sql, id, "'w'");
    }

    private static String plan(Statement s, String name, NamedSql sql, long id, String requestType) throws Exception {
        String positional = sql.jdbcSql();
        List<String> arguments = new ArrayList<>();
        int n = 0;
        StringBuilder text = new StringBuilder();
        List<String> names = sql.parameterNames();
        for (char ch : positional.toCharArray()) {
            if (ch == '?') {
                text.append('$').append(++n);
                if (names.get(n - 1).equals("ids")) {
                    // The driver sends the array typed (createArrayOf), as PREPARE cannot infer it.
                    text.append("::bigint[]");
                }
            } else {
                text.append(ch);
            }
        }
        for (String parameter : sql.parameterNames()) {
            arguments.add(
                    switch (parameter) {
                        case "id" -> Long.toString(id);
                        case "ids" ->
                            "ARRAY[" + (id - 5) + ", " + (id - 3) + ", " + (id - 1) + ", " + id + "]::bigint[]";
                        case "now", "leaseExpiresAt", "nextAttemptAt" -> "TIMESTAMPTZ '2026-05-01 08:00:00+00'";
                        case "requestType" -> requestType;
                        case "owner", "exceptionData", "resultData", "message" -> "'w'";
                        case "maxAttempts", "status", "percent" -> "3";
                        case "durationMillis" -> "0";
                        default -> throw new IllegalStateException("No value for :" + parameter);
                    });
        }
        s.execute("PREPARE " + name + " AS " + text);
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE " + name + "(" + String.join(", ", arguments) + ")")) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static BackgroundJobInfo<Long> job(Instant now) {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("planner");
        job.setRequestType("Echo");
        job.setRequestData("{}");
        job.setQueueName("echo-jobs");
        job.setStatus(JobStatus.PENDING);
        job.setCreated(now);
        return job;
    }
}
