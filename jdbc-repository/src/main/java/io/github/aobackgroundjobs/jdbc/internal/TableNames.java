package io.github.aobackgroundjobs.jdbc.internal;

/**
 * The names the SQL is written with, from the configured schema (optional) and table.
 *
 * @param schema the schema, or null for the connection's default
 * @param table the jobs table, unqualified
 */
public record TableNames(String schema, String table) {

    /** @return the jobs table, schema-qualified if a schema is set */
    public String qualifiedTable() {
        return qualify(table);
    }

    /** @return the schema-version table, schema-qualified if a schema is set */
    public String qualifiedVersionTable() {
        return qualify(table + "_schema_version");
    }

    /**
     * The prefix of index names. PostgreSQL puts an index in its table's schema and wants it
     * unqualified; H2 wants it qualified with that schema.
     *
     * @param dialect the database
     * @return the prefix
     */
    public String indexPrefix(Dialect dialect) {
        return dialect == Dialect.H2 ? qualify(table) : table;
    }

    private String qualify(String name) {
        return schema == null ? name : schema + "." + name;
    }
}
