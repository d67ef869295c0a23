package io.github.aobackgroundjobs.dashboard.support;

import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.RetryPolicy;
import io.github.aobackgroundjobs.delivery.Outcome;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A worker in its own JVM, as a Functions host would be: it shares only the database with the
 * dashboard's process and tells the dashboard of each status change by signed webhook. Job ids
 * to run arrive on standard input, one per line (the queue trigger's part).
 *
 * <p>Arguments: JDBC URL, webhook base URL, base64 secret, progress interval in ms.
 */
public final class RemoteWorkerMain {

    private RemoteWorkerMain() {}

    public static void main(String[] args) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(args[0]);
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(ds).build();
        WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(
                        URI.create(args[1]), Base64.getDecoder().decode(args[2]))
                .build();
        repository.updates().addListener(notifier);
        JobOptions options = JobOptions.builder()
                .retryPolicy(RetryPolicy.none())
                .progressInterval(Duration.ofMillis(Long.parseLong(args[3])))
                .workerId("remote-worker")
                .build();
        StepJob job = new StepJob(repository, options);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        System.out.println("ready");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                long id = Long.parseLong(line.trim());
                pool.execute(() -> {
                    Outcome outcome = job.execute(id);
                    synchronized (System.out) {
                        System.out.println("done " + id + " " + outcome.type());
                        System.out.flush();
                    }
                });
            }
        }
        pool.shutdown();
        pool.awaitTermination(30, TimeUnit.SECONDS);
        notifier.close();
    }
}
