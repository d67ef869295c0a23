package io.github.aobackgroundjobs.jdbc;

/**
 * Migrates a schema of a PostgreSQL server and exits: the separate process of
 * {@link SchemaMigrationProcessesTest}. Arguments: port, schema.
 */
public final class MigrateMain {

    private MigrateMain() {}

    /**
     * @param args the server's port and the schema to migrate
     */
    public static void main(String[] args) {
        int version = SchemaMigrator.builder(TestDatabases.postgresDataSource(Integer.parseInt(args[0])))
                .schema(args[1])
                .build()
                .migrate();
        System.out.println("migrated to version " + version);
    }
}
