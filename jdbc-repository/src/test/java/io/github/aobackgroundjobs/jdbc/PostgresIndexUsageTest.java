package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.jdbc.internal.Dialect;
import io.github.aobackgroundjobs.jdbc.internal.IndexedQueries;
import io.github.aobackgroundjobs.jdbc.internal.IndexedQueries.IndexedQuery;
import io.github.aobackgroundjobs.jdbc.internal.SqlValues;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.junit.jupiter.api.Test;

/**
 * Every indexed query uses its index on PostgreSQL, checked with EXPLAIN on 60,000 analysed rows
 * spread like a month of real jobs (the benchmark harness repeats the check on 1,000,000).
 */
class PostgresIndexUsageTest {

    private static final int ROWS = 60_000;

    @Test
    void everyIndexedQueryUsesItsIndex() {
        RepositoryFixture<Long> fixture = RepositoryFixture.create(
                RepositoryFixture.Database.POSTGRESQL, TestDatabases.postgresShared(), JobKeyType.LONG);
        String table = fixture.repository.tableName();
        Instant now = Instant.parse("2026-07-01T00:00:00Z");
        Jdbi jdbi = Jdbi.create(fixture.dataSource);
        jdbi.useHandle(h -> {
            h.execute("SELECT setseed(0.42)");
            h.createUpdate(seedSql(table))
                    .bind("now", SqlValues.instant(now))
                    .bind("rows", ROWS)
                    .bind("stepMillis", 30L * 24 * 3_600_000 / ROWS)
                    .execute();
            h.execute("VACUUM ANALYZE " + table);
        });

        List<String> failures = new ArrayList<>();
        for (IndexedQuery query : IndexedQueries.all(
                Dialect.POSTGRESQL, table, JdbiJobRepository.DEFAULT_TABLE_NAME, now, "user42", "Type6")) {
            List<String> lines = jdbi.withHandle(h -> {
                Query q = h.createQuery("EXPLAIN " + query.sql());
                query.binder().accept(q);
                return q.mapTo(String.class).list();
            });
            String plan = String.join("\n", lines);
            if (!IndexedQueries.usesItsIndexes(query, plan)) {
                failures.add(query.name() + " expects " + query.indexes() + ":\n" + plan);
            }
        }
        assertThat(failures).isEmpty();
        fixture.close();
    }

    /** A month of jobs: 5,000 users, request types from common to rare, 90 % succeeded. */
    static String seedSql(String table) {
        return "INSERT INTO " + table + " (user_name, request_type, request_data, queue_name, status, created,"
                + " updated_at, sent_at, send_count, next_attempt_at, started, completed, queue_latency_ms, duration_ms,"
                + " cleared, result_data, exception_data, retry_count, lease_owner, lease_expires_at, version,"
                + " cancel_requested)"
                + " SELECT 'user' || (g % 5000), 'Type' || LEAST(7, FLOOR(-LN(1 - random()) * 1.5)), '{}', 'bench',"
                + " st, created, CASE WHEN st >= 2 THEN created + (d + 1000) * INTERVAL '1 millisecond' ELSE created END,"
                + " created, 1, created, CASE WHEN st >= 1 THEN created + INTERVAL '1 second' END,"
                + " CASE WHEN st >= 2 THEN created + (d + 1000) * INTERVAL '1 millisecond' END,"
                + " 1000, CASE WHEN st >= 2 THEN d END, created < :now - INTERVAL '1 day',"
                + " CASE WHEN st = 2 THEN '{}' END, CASE WHEN st IN (3, 4) THEN '{}' END, 1,"
                + " CASE WHEN st = 1 THEN 'worker' END, CASE WHEN st = 1 THEN created + INTERVAL '5 minutes' END, 3, FALSE"
                + " FROM (SELECT g, :now - (:rows - g) * (:stepMillis * INTERVAL '1 millisecond') AS created,"
                + "  CAST(10 + 5000 * random() * random() AS BIGINT) AS d,"
                + "  CASE WHEN g > :rows - 200 THEN g % 2 ELSE (CASE WHEN r < 0.90 THEN 2 WHEN r < 0.95 THEN 3"
                + "   WHEN r < 0.98 THEN 4 ELSE 5 END) END AS st"
                + "  FROM (SELECT g, random() AS r FROM generate_series(1, :rows) g) numbered) x";
    }
}
