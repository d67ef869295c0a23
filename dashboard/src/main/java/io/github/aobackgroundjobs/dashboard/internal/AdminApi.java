package io.github.aobackgroundjobs.dashboard.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.spi.JobPage;
import io.github.aobackgroundjobs.spi.JobQuery;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobStatistics;
import io.github.aobackgroundjobs.spi.StatisticsQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The admin API: filtered and paged job lists, job detail, statistics with queue lengths,
 * retry/cancel/clear of any job, purge, and the stream of every update.
 *
 * @param <K> the key type
 */
final class AdminApi<K> {

    private final DashboardContext<K> ctx;
    private final EventStreams<K> streams;

    AdminApi(DashboardContext<K> ctx) {
        this.ctx = ctx;
        this.streams = new EventStreams<>(ctx);
    }

    DashboardResponse handle(
            DashboardRequest request, io.github.aobackgroundjobs.dashboard.DashboardUser user, String path)
            throws Exception {
        String method = request.method();
        if (path.equals("/events") && method.equals("GET")) {
            return streams.open(request, null, user);
        }
        if (path.equals("/recurring") || path.startsWith("/recurring/")) {
            if (ctx.recurring() == null) {
                return Json.error(ctx.mapper(), 501, "No recurring scheduler is configured.");
            }
            return RecurringApi.handle(ctx, request, path.substring("/recurring".length()));
        }
        if (ctx.queryRepository() == null && !path.startsWith("/jobs/")) {
            return Json.error(ctx.mapper(), 501, "The repository does not answer dashboard queries.");
        }
        if (path.equals("/jobs") && method.equals("GET")) {
            return jobs(request);
        }
        if (path.equals("/stats") && method.equals("GET")) {
            return stats(request);
        }
        if (path.equals("/purge") && method.equals("POST")) {
            return purge(request);
        }
        if (path.startsWith("/jobs/")) {
            String[] parts = path.substring("/jobs/".length()).split("/", -1);
            if (parts.length > 2) {
                return Json.error(ctx.mapper(), 404, "Not found.");
            }
            K id = ctx.repository().keyType().parse(parts[0]);
            if (parts.length == 1 && method.equals("GET")) {
                return ctx.repository()
                        .findJob(id)
                        .map(j -> Json.ok(ctx.mapper(), ctx.views().view(j, true)))
                        .orElseGet(() -> Json.error(ctx.mapper(), 404, "No such job."));
            }
            if (parts.length == 2 && method.equals("POST")) {
                return UserApi.act(ctx, id, parts[1], true);
            }
            if (parts.length == 1) {
                return DashboardHandler.methodNotAllowed(ctx, "GET");
            }
            if (UserApi.isAction(parts[1])) {
                return DashboardHandler.methodNotAllowed(ctx, "POST");
            }
        }
        return Json.error(ctx.mapper(), 404, "Not found.");
    }

    private DashboardResponse jobs(DashboardRequest request) {
        JobQuery.Builder q = JobQuery.builder().zone(zone(request));
        // The builder names its own fields; the answer names the query parameter the page sent.
        asParam("user", "userName", () -> q.userName(request.queryParam("user").orElse(null)));
        asParam(
                "type",
                "requestType",
                () -> q.requestType(request.queryParam("type").orElse(null)));
        int pageNumber = intParam(request, "page", 0);
        asParam("page", "page", () -> q.page(pageNumber));
        int size = intParam(request, "size", JobQuery.DEFAULT_PAGE_SIZE);
        asParam("size", "pageSize", () -> q.pageSize(size));
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (String s : request.queryParams("status")) {
            if (!s.isBlank()) {
                statuses.add(status(s, "status"));
            }
        }
        q.statuses(statuses);
        LocalDate from = request.queryParam("from")
                .filter(s -> !s.isBlank())
                .map(s -> date(s, "from"))
                .orElse(null);
        LocalDate through = request.queryParam("through")
                .filter(s -> !s.isBlank())
                .map(s -> date(s, "through"))
                .orElse(null);
        if (from != null && through != null && from.isAfter(through)) {
            throw new IllegalArgumentException("'from' " + from + " is after 'through' " + through + ".");
        }
        asParam("from", "createdFrom", () -> q.createdFrom(from));
        asParam("through", "createdThrough", () -> q.createdThrough(through));
        JobQuery query;
        try {
            query = q.build();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        JobPage<K> page = ctx.queryRepository().findJobs(query);
        List<Map<String, Object>> items = new ArrayList<>();
        for (BackgroundJobInfo<K> job : page.items()) {
            items.add(ctx.views().view(job, true));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("items", items);
        m.put("page", page.page());
        m.put("pageSize", page.pageSize());
        m.put("total", page.total());
        m.put("totalCapped", page.totalCapped());
        m.put("totalText", page.totalText());
        return Json.ok(ctx.mapper(), m);
    }

    private DashboardResponse stats(DashboardRequest request) {
        int hours = intParam(request, "hours", 24);
        if (hours < 1 || hours > 24 * 30) {
            throw new IllegalArgumentException("'hours' must be between 1 and 720.");
        }
        Instant now = ctx.clock().instant();
        ChronoUnit bucket = hours <= 3 ? ChronoUnit.MINUTES : ChronoUnit.HOURS;
        // Bucket edges on whole minutes/hours, so bars do not shift between refreshes.
        Instant to = now.truncatedTo(bucket).plus(1, bucket);
        JobStatistics<K> stats =
                ctx.queryRepository().statistics(new StatisticsQuery(to.minus(Duration.ofHours(hours)), to, bucket));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", stats.query().from());
        m.put("to", stats.query().to());
        m.put("bucket", bucket.name());
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobStatus s : JobStatus.values()) {
            counts.put(s.name(), stats.countsByStatus().getOrDefault(s, 0L));
        }
        m.put("countsByStatus", counts);
        m.put("throughput", stats.throughput());
        m.put("byRequestType", stats.byRequestType());
        m.put(
                "recentFailures",
                stats.recentFailures().stream()
                        .map(j -> ctx.views().view(j, true))
                        .toList());
        m.put("queues", queues());
        return Json.ok(ctx.mapper(), m);
    }

    private List<Map<String, Object>> queues() {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Map.Entry<String, JobQueue> e : ctx.queues().entrySet()) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("name", e.getKey());
            q.put("length", length(e.getValue(), e.getKey()));
            q.put("poisonName", e.getValue().poisonQueueName(e.getKey()));
            q.put("poisonLength", length(e.getValue(), e.getValue().poisonQueueName(e.getKey())));
            list.add(q);
        }
        return list;
    }

    private static Long length(JobQueue queue, String name) {
        try {
            OptionalLong n = queue.approximateLength(name);
            return n.isPresent() ? n.getAsLong() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private DashboardResponse purge(DashboardRequest request) {
        JsonNode body = Json.readBody(ctx.mapper(), request);
        JsonNode age = body == null ? null : body.get("olderThanDays");
        if (age == null || age.isNull()) {
            throw new IllegalArgumentException("'olderThanDays' is required.");
        }
        if (!age.isIntegralNumber() || !age.canConvertToInt() || age.asInt() < 0 || age.asInt() > 3650) {
            throw new IllegalArgumentException("'olderThanDays' must be a whole number of days from 0 to 3650, not "
                    + abbreviate(age.toString()) + ".");
        }
        int days = age.asInt();
        JsonNode named = body.path("statuses");
        if (!named.isArray()) {
            throw new IllegalArgumentException("'statuses' must be an array of job states, such as [\"SUCCEEDED\"].");
        }
        Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
        for (JsonNode s : named) {
            if (!s.isTextual()) {
                throw new IllegalArgumentException(
                        "'statuses' holds " + abbreviate(s.toString()) + "; each entry must be a job state's name.");
            }
            statuses.add(status(s.asText(), "statuses"));
        }
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("'statuses' must name at least one finished state.");
        }
        int deleted = ctx.queryRepository().purge(ctx.clock().instant().minus(Duration.ofDays(days)), statuses);
        return Json.ok(ctx.mapper(), Map.of("deleted", deleted));
    }

    private static JobStatus status(String text, String field) {
        try {
            return JobStatus.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "'" + field + "' \"" + abbreviate(text) + "\" is not a job status; use one of "
                            + java.util.Arrays.toString(JobStatus.values()) + ".",
                    e);
        }
    }

    private static void asParam(String param, String field, Runnable setter) {
        try {
            setter.run();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            String quoted = "'" + field + "'";
            throw new IllegalArgumentException(
                    message.startsWith(quoted)
                            ? "'" + param + "'" + message.substring(quoted.length())
                            : "'" + param + "': " + message,
                    e);
        }
    }

    private static LocalDate date(String text, String field) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + field + "' must be a date like 2026-11-29.", e);
        }
    }

    private static ZoneId zone(DashboardRequest request) {
        String tz = request.queryParam("tz").orElse("UTC");
        try {
            return ZoneId.of(tz);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "'tz' \"" + abbreviate(tz) + "\" is not a time zone, such as Europe/Paris.", e);
        }
    }

    private static int intParam(DashboardRequest request, String name, int dflt) {
        String v = request.queryParam(name).orElse(null);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            // Digits beyond int's range are a number, just far too large: say so, not "not a number".
            if (v.trim().matches("[+-]?[0-9]+")) {
                throw new IllegalArgumentException("'" + name + "' " + abbreviate(v.trim()) + " is out of range.", e);
            }
            throw new IllegalArgumentException("'" + name + "' must be a whole number.", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
