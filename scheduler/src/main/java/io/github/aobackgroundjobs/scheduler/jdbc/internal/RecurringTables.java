package io.github.aobackgroundjobs.scheduler.jdbc.internal;

import java.util.Map;

/**
 * The names of the store's tables, derived from the jobs table so they sit beside it in its
 * schema: {@code <jobs>_recurring}, {@code <jobs>_recurring_fires}, {@code <jobs>_recurring_version}.
 *
 * @param jobs the jobs table, schema-qualified if configured
 * @param postgres whether the database is PostgreSQL (index names are unqualified there)
 */
public record RecurringTables(String jobs, boolean postgres) {

    /** @return the definitions table */
    public String definitions() {
        return jobs + "_recurring";
    }

    /** @return the fire records table */
    public String fires() {
        return jobs + "_recurring_fires";
    }

    /** @return the schema-version table */
    public String version() {
        return jobs + "_recurring_version";
    }

    /** @return the prefix of index names */
    public String firesIndex() {
        String fires = fires();
        int dot = fires.lastIndexOf('.');
        return postgres && dot >= 0 ? fires.substring(dot + 1) : fires;
    }

    /** @return the placeholders of the schema scripts */
    public Map<String, String> placeholders() {
        return Map.of("definitions", definitions(), "fires", fires(), "fires_index", firesIndex());
    }
}
