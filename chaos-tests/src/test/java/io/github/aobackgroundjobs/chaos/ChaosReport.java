package io.github.aobackgroundjobs.chaos;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Renders what a chaos run saw as Markdown, for the build log and {@code docs/reliability.md}. */
final class ChaosReport {

    private ChaosReport() {}

    static String render(ChaosRun.Result r) {
        StringBuilder s = new StringBuilder();
        s.append("### Chaos run: ")
                .append(r.size().name())
                .append(" size, ")
                .append("worker".equals(r.mode()) ? "QueueWorker" : "FunctionsHostSimulator")
                .append(" processes\n\n");
        s.append("| | |\n|---|---|\n");
        row(s, "wall time", String.format("%.1f s", r.elapsed().toMillis() / 1000.0));
        row(s, "producer", "exit " + r.producerExit() + "; " + r.producerSummary());
        row(
                s,
                "jobs (ids returned to the producer)",
                Integer.toString(r.producedIds().size()));
        row(s, "job rows / status counts (2 = SUCCEEDED)", r.tableIds().size() + " / " + r.statusCounts());
        long completions =
                r.completions().values().stream().mapToLong(Integer::longValue).sum();
        int maxCompletions = r.completions().values().stream()
                .mapToInt(Integer::intValue)
                .max()
                .orElse(0);
        row(s, "completions (trigger rows) / most per job", completions + " / " + maxCompletions);
        long runs = r.runs().values().stream().mapToLong(List::size).sum();
        Set<Long> interrupted = new HashSet<>();
        r.kills().forEach(k -> interrupted.addAll(k.interrupted()));
        long twice = r.runs().values().stream().filter(p -> p.size() > 1).count();
        row(s, "job body runs / jobs run more than once", runs + " / " + twice);
        row(s, "jobs interrupted by kills (distinct)", Integer.toString(interrupted.size()));
        row(
                s,
                "SIGKILLs (all mid-job, all pids gone)",
                r.kills().size() + " / "
                        + r.kills().stream()
                                .allMatch(k -> k.gone() && !k.interrupted().isEmpty()));
        row(
                s,
                "PostgreSQL restarts / Azurite graceful restarts",
                r.postgresRestarts() + " / " + r.azuriteRestarts()
                        + (r.azuriteGraceful() ? " (exited on SIGTERM)" : " (had to be killed)"));
        row(s, "RUNNING at the end / past lease", r.running() + " / " + r.runningPastLease());
        row(s, "workers alive / running jobs", r.workersAlive() + " / " + r.workersRunning());
        row(s, "job queue length at the end", Long.toString(r.queueLength()));
        row(
                s,
                "poison queue / malformed sent",
                r.poisonTexts().size() + " / " + r.malformed().size()
                        + (r.poisonTexts().stream()
                                        .sorted()
                                        .toList()
                                        .equals(r.malformed().stream().sorted().toList())
                                ? " (same texts)"
                                : " (copies beyond those sent: " + r.poisonCopiesBeyondSent() + ")"));
        s.append("\nKills:\n\n| # | worker | pid | in flight before | interrupted (after) |\n|---|---|---|---|---|\n");
        for (int i = 0; i < r.kills().size(); i++) {
            ChaosRun.Kill k = r.kills().get(i);
            s.append("| ")
                    .append(i + 1)
                    .append(" | ")
                    .append(k.slot())
                    .append(" | ")
                    .append(k.pid())
                    .append(" | ")
                    .append(k.inFlightBefore().size())
                    .append(" | ")
                    .append(k.interrupted().size())
                    .append(" |\n");
        }
        return s.toString();
    }

    private static void row(StringBuilder s, String name, String value) {
        s.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
