/**
 * AO.BackgroundJobs for Java, JDBC repository: job records in H2 or PostgreSQL through Jdbi.
 * Exports the repository and its builder; the SQL and row mapping
 * ({@code io.github.aobackgroundjobs.jdbc.internal}) are not exported.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.github.aobackgroundjobs.jdbc {
    requires transitive io.github.aobackgroundjobs.core;
    requires transitive java.sql; // the builders take a DataSource
    // JdbiJobRepository.builder(Jdbi) takes the application's Jdbi; jdbi3-core is an automatic module.
    requires transitive org.jdbi.v3.core;
    requires org.slf4j;

    exports io.github.aobackgroundjobs.jdbc;
}
