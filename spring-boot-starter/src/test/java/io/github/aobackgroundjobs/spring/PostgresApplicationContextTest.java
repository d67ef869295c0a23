package io.github.aobackgroundjobs.spring;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The test application on a real PostgreSQL (embedded, sessions in a non-UTC zone) with the queue in memory. */
class PostgresApplicationContextTest extends ApplicationContextTestBase {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void startApplication() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setServerConfig("timezone", "Asia/Kathmandu")
                .start();
        start(Map.of(
                "spring.datasource.url",
                "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?connectTimeout=5&socketTimeout=30",
                "spring.datasource.username",
                "postgres"));
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        stop();
        if (postgres != null) {
            postgres.close();
        }
    }
}
