package io.github.aobackgroundjobs.spring;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** The test application on an H2 database with the queue in memory. */
class H2ApplicationContextTest extends ApplicationContextTestBase {

    @BeforeAll
    static void startApplication() {
        start(Map.of(
                "spring.datasource.url",
                "jdbc:h2:mem:starter_h2_" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1"));
    }
}
