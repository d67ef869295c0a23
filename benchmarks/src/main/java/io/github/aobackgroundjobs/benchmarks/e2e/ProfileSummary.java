package io.github.aobackgroundjobs.benchmarks.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Records JFR execution samples of this JVM during a run and sorts them by which code was
 * running: each sample counts for the first frame (from the top of the stack) that belongs to
 * a known component; samples only in the JDK count as "JDK".
 */
final class ProfileSummary {

    private static final Map<String, String> COMPONENTS = new LinkedHashMap<>();

    static {
        COMPONENTS.put("io.github.aobackgroundjobs.benchmarks.", "benchmark harness");
        COMPONENTS.put("io.github.aobackgroundjobs.", "our code (core, jdbc, azure)");
        COMPONENTS.put("com.azure.", "Azure SDK (azure-core, storage-queue)");
        COMPONENTS.put("reactor.", "Azure SDK (Reactor inside azure-core)");
        COMPONENTS.put("jdk.internal.net.http.", "JDK HTTP client");
        COMPONENTS.put("java.net.http.", "JDK HTTP client");
        COMPONENTS.put("org.postgresql.", "PostgreSQL JDBC driver");
        COMPONENTS.put("org.jdbi.", "Jdbi");
        COMPONENTS.put("com.zaxxer.hikari.", "HikariCP");
        COMPONENTS.put("com.fasterxml.jackson.", "Jackson");
        COMPONENTS.put("org.slf4j.", "SLF4J");
    }

    private final Map<String, Long> counts;
    private final long total;

    private ProfileSummary(Map<String, Long> counts, long total) {
        this.counts = counts;
        this.total = total;
    }

    /** A running recording. */
    static final class Recorder {
        private final Recording recording;

        private Recorder(Recording recording) {
            this.recording = recording;
        }
    }

    static Recorder start() throws Exception {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
        recording.start();
        return new Recorder(recording);
    }

    static ProfileSummary stop(Recorder recorder) throws Exception {
        recorder.recording.stop();
        Path file = Files.createTempFile("e2e", ".jfr");
        recorder.recording.dump(file);
        recorder.recording.close();
        Map<String, Long> counts = new LinkedHashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            total++;
            counts.merge(component(event.getStackTrace().getFrames()), 1L, Long::sum);
        }
        Files.deleteIfExists(file);
        return new ProfileSummary(counts, total);
    }

    private static String component(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            String type = frame.getMethod().getType().getName();
            for (Map.Entry<String, String> e : COMPONENTS.entrySet()) {
                if (type.startsWith(e.getKey())) {
                    return e.getValue();
                }
            }
        }
        return "JDK (other)";
    }

    String toMarkdown() {
        StringBuilder s = new StringBuilder("| component (innermost known frame) | samples | share |\n|---|---|---|\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> s.append(String.format(
                        "| %s | %d | %.0f%% |%n",
                        e.getKey(), e.getValue(), 100.0 * e.getValue() / Math.max(1, total))));
        return s.toString();
    }
}
