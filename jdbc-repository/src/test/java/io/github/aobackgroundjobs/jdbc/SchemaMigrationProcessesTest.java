package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/** Two JVM processes migrating the same PostgreSQL schema at once both succeed, and it is migrated once. */
class SchemaMigrationProcessesTest {

    @Test
    void twoProcessesMigratingAtOnce() throws Exception {
        String schema = TestDatabases.uniqueName("procs");
        String port = String.valueOf(TestDatabases.postgres().getPort());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(
                            java,
                            "-cp",
                            System.getProperty("java.class.path"),
                            MigrateMain.class.getName(),
                            port,
                            schema)
                    .redirectErrorStream(true)
                    .start());
        }
        for (Process p : processes) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("process finished").isTrue();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("migrated to version " + SchemaMigrator.LATEST_VERSION);
        }
        int rows = Jdbi.create(TestDatabases.postgresDataSource())
                .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + schema + ".background_jobs_schema_version")
                        .mapTo(Integer.class)
                        .one());
        assertThat(rows).isEqualTo(SchemaMigrator.LATEST_VERSION);
    }
}
