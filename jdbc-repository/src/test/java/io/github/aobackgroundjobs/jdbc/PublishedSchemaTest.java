package io.github.aobackgroundjobs.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.jdbc.internal.Dialect;
import io.github.aobackgroundjobs.jdbc.internal.SchemaScripts;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The DDL published in docs/jdbc-schema.md is exactly what the migrator runs. */
class PublishedSchemaTest {

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void everyStatementOfEveryVersionIsPublished(Dialect dialect) throws IOException {
        String root = System.getProperty("backgroundjobs.root", "..");
        String docs = Files.readString(Path.of(root, "docs", "jdbc-schema.md"));
        var scripts = SchemaScripts.load(
                dialect, JdbiJobRepository.DEFAULT_TABLE_NAME, JdbiJobRepository.DEFAULT_TABLE_NAME, JobKeyType.LONG);
        assertThat(scripts).hasSize(SchemaMigrator.LATEST_VERSION);
        for (SchemaScripts.Script script : scripts) {
            assertThat(docs).contains("### Version " + script.version() + ": ");
            assertThat(docs)
                    .as("published %s version %d", dialect, script.version())
                    .contains(script.text().strip());
        }
    }
}
