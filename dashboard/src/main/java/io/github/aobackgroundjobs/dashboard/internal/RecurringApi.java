package io.github.aobackgroundjobs.dashboard.internal;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.scheduler.RecurringJobNotFoundException;
import io.github.aobackgroundjobs.scheduler.RecurringScheduler;
import io.github.aobackgroundjobs.scheduler.RecurringTablesMissingException;
import io.github.aobackgroundjobs.scheduler.RetentionPolicy;
import io.github.aobackgroundjobs.scheduler.Schedule;
import io.github.aobackgroundjobs.scheduler.spi.DefinitionState;
import io.github.aobackgroundjobs.scheduler.spi.StoredDefinition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API's recurring jobs: {@code GET /recurring} lists the definitions (schedule, zone,
 * next and last fire, the last job and its status, declared, paused) and the retention settings
 * with its last run; {@code POST /recurring/<name>/run|pause|resume|delete} acts on one.
 * Reached only through the admin API (admin role, cross-site check on POST).
 */
final class RecurringApi {

    /** The actions a definition takes, each a POST. */
    private static final Set<String> ACTIONS = Set.of("run", "pause", "resume", "delete");

    private RecurringApi() {}

    static <K> DashboardResponse handle(DashboardContext<K> ctx, DashboardRequest request, String path) {
        @SuppressWarnings("unchecked")
        RecurringScheduler<K> scheduler = (RecurringScheduler<K>) ctx.recurring();
        String method = request.method();
        if (path.isEmpty() && method.equals("GET")) {
            try {
                return Json.ok(ctx.mapper(), list(ctx, scheduler));
            } catch (RecurringTablesMissingException e) {
                return tablesMissing(ctx, e);
            }
        }
        String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : new String[0];
        if (parts.length == 2 && !method.equals("POST") && ACTIONS.contains(parts[1])) {
            return DashboardHandler.methodNotAllowed(ctx, "POST");
        }
        if (parts.length != 2 || !method.equals("POST")) {
            return Json.error(ctx.mapper(), 404, "Not found.");
        }
        String name = parts[0];
        try {
            switch (parts[1]) {
                case "run" -> {
                    K id = scheduler.runNow(name);
                    return Json.ok(
                            ctx.mapper(),
                            Map.of("jobId", ctx.repository().keyType().format(id)));
                }
                case "pause" -> scheduler.pause(name);
                case "resume" -> scheduler.resume(name);
                case "delete" -> scheduler.delete(name);
                default -> {
                    return Json.error(ctx.mapper(), 404, "Not found.");
                }
            }
        } catch (RecurringJobNotFoundException e) {
            return Json.error(ctx.mapper(), 404, e.getMessage());
        } catch (RecurringTablesMissingException e) {
            return tablesMissing(ctx, e);
        } catch (IllegalStateException e) {
            return Json.error(ctx.mapper(), 409, e.getMessage());
        }
        return Json.ok(ctx.mapper(), Map.of("ok", true));
    }

    /**
     * A process that declares nothing (a web front end) first reads the tables here; the admin
     * is told what to create rather than "Internal error".
     */
    private static DashboardResponse tablesMissing(DashboardContext<?> ctx, RecurringTablesMissingException e) {
        return Json.error(ctx.mapper(), 503, e.getMessage());
    }

    private static <K> Map<String, Object> list(DashboardContext<K> ctx, RecurringScheduler<K> scheduler) {
        List<Map<String, Object>> items = new ArrayList<>();
        DefinitionState retentionState = null;
        for (DefinitionState s : scheduler.list()) {
            if (s.definition().kind() == StoredDefinition.Kind.TASK) {
                if (RetentionPolicy.DEFINITION_NAME.equals(s.name())) {
                    retentionState = s;
                }
                continue;
            }
            items.add(view(ctx, s));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("definitions", items);
        // The workers' policy as they stored it; this process's own only where none is stored.
        Optional<RetentionPolicy> stored = retentionState == null ? Optional.empty() : scheduler.storedRetention();
        m.put(
                "retention",
                stored.isPresent()
                        ? retention(stored.get(), retentionState)
                        : retention(scheduler.retention(), retentionState));
        return m;
    }

    private static <K> Map<String, Object> view(DashboardContext<K> ctx, DefinitionState s) {
        StoredDefinition d = s.definition();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("schedule", describe(d.schedule()));
        m.put("zone", d.zone().getId());
        m.put("queue", d.queueName());
        m.put("user", d.userName());
        m.put("requestType", d.requestType());
        m.put("missedFirePolicy", d.missedFirePolicy().name());
        m.put("declared", s.declared());
        m.put("paused", s.paused());
        m.put("nextFireAt", s.nextFireAt());
        m.put("lastFireAt", s.lastFireAt());
        m.put("lastJobId", s.lastJobId());
        m.put(
                "lastJobStatus",
                lastJobStatus(ctx, s.lastJobId()).map(JobStatus::name).orElse(null));
        return m;
    }

    private static <K> Optional<JobStatus> lastJobStatus(DashboardContext<K> ctx, String id) {
        if (id == null) {
            return Optional.empty();
        }
        try {
            return ctx.repository()
                    .findJob(ctx.repository().keyType().parse(id))
                    .map(BackgroundJobInfo::getStatus);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String describe(String schedule) {
        try {
            return Schedule.parse(schedule).describe();
        } catch (IllegalArgumentException e) {
            return schedule;
        }
    }

    private static Map<String, Object> retention(RetentionPolicy policy, DefinitionState state) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", policy.enabled() && state != null && state.declared());
        Map<String, Object> ages = new LinkedHashMap<>();
        policy.ages().forEach((status, age) -> ages.put(status.name(), age.toString()));
        m.put("ages", ages);
        m.put("clearedAge", policy.clearedAge().toString());
        m.put("interval", policy.interval().toString());
        m.put("batchSize", policy.batchSize());
        m.put("lastRunAt", state == null ? null : state.lastFireAt());
        m.put("nextRunAt", state == null ? null : state.nextFireAt());
        m.put("lastRunSummary", state == null ? null : state.lastRunSummary());
        return m;
    }
}
