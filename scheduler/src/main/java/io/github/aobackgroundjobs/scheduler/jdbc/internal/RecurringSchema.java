package io.github.aobackgroundjobs.scheduler.jdbc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Creates or upgrades the store's tables from the versioned scripts in the jar, recording each
 * applied version. On PostgreSQL the migration runs in one transaction under an advisory lock,
 * so processes starting at once apply it once; on H2 migrations in one JVM are serialized.
 */
public final class RecurringSchema {

    /** The scripts, in order; the version is the position plus one. */
    private static final List<String> SCRIPTS = List.of("V1__recurring_tables.sql");

    private static final Object H2_LOCK = new Object();

    private RecurringSchema() {}

    /** @return the newest schema version this library knows */
    public static int latestVersion() {
        return SCRIPTS.size();
    }

    /**
     * @param jdbi the database
     * @param tables the table names
     * @param now the current time, recorded with each version
     * @return how many versions were applied
     * @throws IllegalStateException if the database is newer than this library
     */
    public static int migrate(Jdbi jdbi, RecurringTables tables, Instant now) {
        if (tables.postgres()) {
            return jdbi.inTransaction(h -> {
                h.createQuery("SELECT 1 FROM pg_advisory_xact_lock(hashtext(:name))")
                        .bind("name", tables.version())
                        .mapTo(Integer.class)
                        .one();
                return apply(h, tables, now);
            });
        }
        synchronized (H2_LOCK) {
            return jdbi.inTransaction(h -> apply(h, tables, now));
        }
    }

    private static int apply(Handle h, RecurringTables tables, Instant now) {
        h.execute("CREATE TABLE IF NOT EXISTS " + tables.version()
                + " (version INTEGER NOT NULL PRIMARY KEY, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        int current = h.createQuery("SELECT COALESCE(MAX(version), 0) FROM " + tables.version())
                .mapTo(Integer.class)
                .one();
        if (current > SCRIPTS.size()) {
            throw new IllegalStateException("The recurring-job tables are at schema version " + current
                    + ", newer than this library's " + SCRIPTS.size() + "; upgrade the library.");
        }
        int applied = 0;
        for (int v = current + 1; v <= SCRIPTS.size(); v++) {
            for (String statement : statements(read(tables.postgres(), SCRIPTS.get(v - 1)), tables.placeholders())) {
                h.execute(statement);
            }
            h.createUpdate("INSERT INTO " + tables.version() + " (version, applied_at) VALUES (:v, :at)")
                    .bind("v", v)
                    .bind("at", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                    .execute();
            applied++;
        }
        return applied;
    }

    private static String read(boolean postgres, String script) {
        String path = "/io/github/aobackgroundjobs/scheduler/schema/" + (postgres ? "postgresql" : "h2") + "/" + script;
        try (InputStream in = RecurringSchema.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema script " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> statements(String script, Map<String, String> placeholders) {
        StringBuilder sql = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.trim().startsWith("--")) {
                sql.append(line).append('\n');
            }
        }
        String text = sql.toString();
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            text = text.replace("${" + p.getKey() + "}", p.getValue());
        }
        return java.util.Arrays.stream(text.split(";"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
