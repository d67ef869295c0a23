package io.github.aobackgroundjobs.chaos;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.samples.notification.DemoDatabase;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A process writing jobs through the notification demo's data source ({@link DemoDatabase},
 * the code the demo opens its records with) until it is killed: threads queue a job
 * ({@code QueueJobClient.queueJob}: insert, mark sent) and run it at once
 * ({@code BackgroundJobBase.execute}: claim, progress, complete). After each commit returns it
 * appends a line to the report file, {@code Q <id>} once the job is queued and {@code S <id>}
 * once it has SUCCEEDED, with one unbuffered write: a line in the file is a commit the process
 * was told about. SIGTERM stops it the way the demo stops (threads first, then the database).
 *
 * <p>Arguments: JDBC URL (as the demo's {@code --db}), report file, threads.
 */
public final class DemoDatabaseWriterMain {

    static final String QUEUE = "kill-test";

    /** @param sequence the writer thread's running number */
    public record Request(long sequence) {}

    /** @param sequence echoed */
    public record Result(long sequence) {}

    private DemoDatabaseWriterMain() {}

    /**
     * @param args URL, report file, threads
     * @throws Exception if the process cannot start
     */
    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path report = Path.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        DemoDatabase database = DemoDatabase.open(url, "", "");
        Clock clock = Clock.systemUTC();
        JobOptions options = JobOptions.builder()
                .clock(clock)
                .retryPolicy(RetryPolicy.none())
                .progressInterval(Duration.ZERO)
                .build();
        QueueJobClient<Long> client = QueueJobClient.builder(database.repository(), new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        WriterJob job = new WriterJob(database.repository(), options);
        FileChannel out = FileChannel.open(
                report, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String user = "writer-" + ProcessHandle.current().pid() + "-" + t;
            Thread writer = new Thread(
                    () -> {
                        long sequence = 0;
                        while (!stop.get()) {
                            Long id = client.queueJob(QUEUE, user, new Request(sequence++));
                            append(out, "Q " + id);
                            if (job.execute(id).type() == Outcome.Type.SUCCEEDED) {
                                append(out, "S " + id);
                            }
                        }
                    },
                    user);
            writers.add(writer);
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop.set(true);
                            for (Thread writer : writers) {
                                try {
                                    writer.join(10_000);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            database.shutdown();
                        },
                        "writer-shutdown"));
        writers.forEach(Thread::start);
        System.out.println("writing with " + threads + " threads, pid "
                + ProcessHandle.current().pid());
        for (Thread writer : writers) {
            writer.join();
        }
    }

    private static void append(FileChannel out, String line) {
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
        try {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reports progress once, so every run writes claim, progress and complete. */
    static final class WriterJob extends BackgroundJobBase<Long, Request, Result> {
        WriterJob(JobRepositoryBase<Long> repository, JobOptions options) {
            super(repository, Request.class, Result.class, options);
        }

        @Override
        protected Result onExecute(Request request, JobContext<Long> context) {
            context.reportProgress(50, "half way");
            return new Result(request.sequence());
        }
    }
}
