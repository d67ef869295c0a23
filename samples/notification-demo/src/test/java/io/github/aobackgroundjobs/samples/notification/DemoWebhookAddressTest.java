package io.github.aobackgroundjobs.samples.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.Registration;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --worker=separate} with {@code --bind} on an address other than {@code 127.0.0.1}: the
 * worker posts its status webhooks to the address the web process listens on, so the bell still
 * sees the job run live.
 */
class DemoWebhookAddressTest {

    @Test
    void theWorkersWebhooksReachAWebProcessBoundToAnotherAddress(@TempDir Path dir) throws Exception {
        try (Azurite azurite = Azurite.builder()
                        .mode(Azurite.Mode.NPM)
                        .services(Azurite.Service.QUEUE)
                        .build();
                // Every 127.x.y.z is this machine's loopback on Linux, and no 127.0.0.1 server answers it.
                NotificationDemo demo = new NotificationDemo(DemoOptions.parse(
                        TestDemos.separateWorkerArgs(azurite, dir, "--bind=127.0.0.2", "--port=0", "--step-millis=0"),
                        Map.of()))) {
            // In the web process only a webhook tells of the worker's changes.
            Set<JobStatus> seen = ConcurrentHashMap.newKeySet();
            Registration registration = demo.repository().updates().addListener(job -> seen.add(job.getStatus()));
            try {
                Long id = demo.queue("demo", "report");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (!seen.contains(JobStatus.SUCCEEDED)) {
                    assertThat(System.nanoTime())
                            .as("a webhook telling the web process that job " + id + " succeeded; seen " + seen)
                            .isLessThan(deadline);
                    Thread.sleep(100);
                }
            } finally {
                registration.close();
            }
        }
    }
}
