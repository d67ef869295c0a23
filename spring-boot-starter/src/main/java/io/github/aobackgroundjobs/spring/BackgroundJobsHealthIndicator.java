package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.HealthReport;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The actuator's view of {@code checkHealth()}: UP when every check is up, DOWN otherwise, with
 * each check (worker, store, repository, each queue) as a detail holding its state and details.
 * Each call probes within the library's health timeout, so a hanging store or queue reports DOWN
 * instead of hanging the health endpoint. Thread-safe.
 */
public class BackgroundJobsHealthIndicator implements HealthIndicator {

    private final Supplier<HealthReport> check;

    /** @param check the health check: the worker's {@code checkHealth}, or the client's */
    public BackgroundJobsHealthIndicator(Supplier<HealthReport> check) {
        this.check = Objects.requireNonNull(check, "'check' cannot be null.");
    }

    @Override
    public Health health() {
        HealthReport report = check.get();
        Health.Builder health = report.up() ? Health.up() : Health.down();
        for (HealthReport.Check each : report.checks()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("status", each.up() ? "UP" : "DOWN");
            detail.putAll(each.details());
            health.withDetail(each.name(), detail);
        }
        return health.build();
    }
}
