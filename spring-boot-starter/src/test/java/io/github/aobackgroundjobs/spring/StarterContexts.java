package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The non-web contexts the auto-configuration tests start: every starter part on an H2 database of its own. */
final class StarterContexts {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private StarterContexts() {}

    /**
     * @param name names the database
     * @return a URL of a new in-memory H2 database, kept while the JVM runs
     */
    static String newH2Url(String name) {
        return "jdbc:h2:mem:" + name + "_" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * @param name names the context's database
     * @return a runner with the data source, the starter's non-web auto-configurations, a new H2
     *     database and the schema migrated
     */
    static ApplicationContextRunner runner(String name) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        DataSourceTransactionManagerAutoConfiguration.class,
                        BackgroundJobsAutoConfiguration.class,
                        BackgroundJobsMetricsAutoConfiguration.class,
                        BackgroundJobsSchedulerAutoConfiguration.class,
                        BackgroundJobsWorkerAutoConfiguration.class,
                        BackgroundJobsWorkerLifecycleAutoConfiguration.class,
                        BackgroundJobsHealthAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + newH2Url(name), "backgroundjobs.jdbc.migrate-schema=true");
    }

    /** @return every message of the start-up failure's cause chain, as Spring Boot prints them */
    static String failure(AssertableApplicationContext context) {
        assertThat(context).hasFailed();
        List<String> messages = new ArrayList<>();
        for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        return String.join("\n", messages);
    }
}
