package io.github.aobackgroundjobs.benchmarks.dashboard;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The worker side of {@link DomLatencyHarness}'s webhook run, in its own JVM: it shares only the
 * database with the dashboard and posts a signed webhook after every write. For each line
 * {@code run <user>} on standard input it queues, claims and completes one job and prints
 * {@code saved <id> <epoch millis just before the completion was saved>}.
 *
 * <p>Arguments: JDBC URL, webhook base URL, base64 secret.
 */
public final class WebhookWorkerMain {

    private WebhookWorkerMain() {}

    public static void main(String[] args) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(args[0]);
        JdbiJobRepository<Long> repository = JdbiJobRepository.builder(ds).build();
        Clock clock = Clock.systemUTC();
        WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(
                        URI.create(args[1]), Base64.getDecoder().decode(args[2]))
                .clock(clock)
                .build();
        repository.updates().addListener(notifier);
        QueueJobClient<Long> client = QueueJobClient.builder(repository, new InMemoryJobQueue(clock))
                .clock(clock)
                .build();
        System.out.println("ready");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String user = line.substring("run ".length()).trim();
                Long id = BenchJobs.queue(client, user);
                BenchJobs.claim(repository, id, clock);
                long savedAt = BenchJobs.complete(repository, id, clock);
                System.out.println("saved " + id + " " + savedAt);
                System.out.flush();
            }
        }
        notifier.close();
    }
}
