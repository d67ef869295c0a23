package io.github.aobackgroundjobs.dashboard.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Starts {@link RemoteWorkerMain} in a child JVM and feeds it job ids. */
public final class RemoteWorker implements AutoCloseable {

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    public RemoteWorker(String jdbcUrl, String webhookUrl, byte[] secret, long progressMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(List.of(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                        RemoteWorkerMain.class.getName(),
                        jdbcUrl,
                        webhookUrl,
                        Base64.getEncoder().encodeToString(secret),
                        String.valueOf(progressMillis)))
                .redirectErrorStream(true)
                .start();
        stdin = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line = r.readLine(); line != null; line = r.readLine()) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // the child exited
                    }
                },
                "remote-worker-output");
        reader.setDaemon(true);
        reader.start();
        awaitLine("ready", 30);
    }

    public void run(long id) throws IOException {
        stdin.write(id + "\n");
        stdin.flush();
    }

    /** Waits for a line starting with the prefix; fails with the child's output if it does not come. */
    public String awaitLine(String prefix, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                if (line.startsWith(prefix)) {
                    return line;
                }
                seen.append(line).append('\n');
            }
            if (line == null && !process.isAlive()) {
                break;
            }
        }
        throw new AssertionError("The remote worker did not print '" + prefix + "'; its output:\n" + seen);
    }

    @Override
    public void close() throws Exception {
        stdin.close();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
