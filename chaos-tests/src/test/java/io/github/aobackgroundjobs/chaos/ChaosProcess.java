package io.github.aobackgroundjobs.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the chaos suite (worker or producer), started from the test's own classpath with
 * the test's own {@code java}, its output appended to a log file.
 */
final class ChaosProcess {

    private final Process process;
    private final String name;

    private ChaosProcess(Process process, String name) {
        this.process = process;
        this.name = name;
    }

    static ChaosProcess start(String name, Class<?> mainClass, Path log, List<String> args) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx256m",
                "-XX:+UseSerialGC",
                // Job bodies sleep; quick start-up matters more than peak code quality on 2 cores.
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djdk.httpclient.allowRestrictedHeaders=content-length",
                "-Duser.timezone=Pacific/Kiritimati",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS",
                "-cp",
                classpath,
                mainClass.getName()));
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ChaosProcess(process, name);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * @param millis the longest wait
     * @return the exit code, or empty if still running
     */
    Optional<Integer> waitFor(long millis) throws InterruptedException {
        return process.waitFor(millis, TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue()) : Optional.empty();
    }

    /**
     * SIGKILL, then waits until the operating system no longer knows the process.
     *
     * @return true if the process is gone
     */
    boolean kill() throws InterruptedException {
        long pid = process.pid();
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        return ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    /**
     * SIGTERM, then waits for the process to exit on its own (its shutdown hooks run).
     *
     * @param millis the longest wait
     * @return the exit code, or empty if it was still running then
     */
    Optional<Integer> terminate(long millis) throws InterruptedException {
        process.destroy();
        return waitFor(millis);
    }

    /**
     * SIGTERM (the process's shutdown hooks run), then waits for it to end.
     *
     * @return true if it ended within 30 seconds
     */
    boolean terminate() throws InterruptedException {
        process.destroy();
        return process.waitFor(30, TimeUnit.SECONDS);
    }

    static int readRunning(Path status, long pid) {
        try {
            if (!Files.exists(status)) {
                return -1;
            }
            List<String> lines = Files.readAllLines(status);
            if (lines.size() < 2 || !lines.get(0).equals("pid=" + pid)) {
                return -1;
            }
            return Integer.parseInt(lines.get(1).substring("running=".length()));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
