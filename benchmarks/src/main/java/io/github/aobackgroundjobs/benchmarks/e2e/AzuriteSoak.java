package io.github.aobackgroundjobs.benchmarks.e2e;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.models.QueueMessageItem;
import io.github.aobackgroundjobs.azure.QueueManager;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.benchmarks.support.BenchAzurite;
import io.github.aobackgroundjobs.benchmarks.support.CpuTime;
import io.github.aobackgroundjobs.benchmarks.support.PatientQueues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How Azurite alone holds up over many messages (not a test): {@code threads} loops each send a
 * message, receive it and delete it, on one Azurite started with the given options; every
 * {@code step} messages it prints the rate, Azurite's CPU per message and its resident memory.
 * Used to find why a long end-to-end run slows down. Settings: {@code -Dmessages=30000
 * -Dthreads=4 -Dstep=2000 -Dqueues=1 -Dazurite=memory} ({@code memory}: in-memory store;
 * {@code disk}: files in a temporary directory, deleted at the end; anything else: on disk with
 * these Azurite options, space-separated).
 */
public final class AzuriteSoak {

    private AzuriteSoak() {}

    /**
     * @param args unused; settings are system properties
     * @throws Exception if Azurite fails
     */
    public static void main(String[] args) throws Exception {
        int messages = Integer.getInteger("messages", 30_000);
        int threads = Integer.getInteger("threads", 4);
        int step = Integer.getInteger("step", 2_000);
        int queues = Integer.getInteger("queues", 1);
        String store = System.getProperty("azurite", "memory").trim();
        System.out.println("Azurite " + store + ", " + threads + " threads, " + queues + " queue(s)");
        try (Azurite azurite = switch (store) {
            case "memory" -> BenchAzurite.inMemory();
            case "disk" -> BenchAzurite.onDisk();
            default -> BenchAzurite.onDisk(store.split("\\s+"));
        }) {
            QueueManager manager = PatientQueues.patientManager(azurite.connectionString());
            List<QueueClient> clients = new ArrayList<>();
            for (int q = 0; q < queues; q++) {
                clients.add(manager.queue("soak-" + q));
            }
            AtomicLong next = new AtomicLong();
            long start = System.nanoTime();
            for (int done = 0; done < messages; done += step) {
                int chunk = Math.min(step, messages - done);
                long chunkStart = System.nanoTime();
                Duration cpu0 = CpuTime.of(BenchAzurite.process(azurite));
                long limit = done + chunk;
                List<Thread> workers = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Thread worker = new Thread(() -> {
                        long seq;
                        while ((seq = next.getAndIncrement()) < limit) {
                            QueueClient client = clients.get((int) (seq % clients.size()));
                            client.sendMessage("m" + seq);
                            for (QueueMessageItem item :
                                    client.receiveMessages(1, Duration.ofSeconds(30), null, null)) {
                                client.deleteMessage(item.getMessageId(), item.getPopReceipt());
                            }
                        }
                    });
                    worker.start();
                    workers.add(worker);
                }
                for (Thread worker : workers) {
                    worker.join();
                }
                next.set(limit);
                double seconds = (System.nanoTime() - chunkStart) / 1e9;
                double cpuMs =
                        CpuTime.of(BenchAzurite.process(azurite)).minus(cpu0).toNanos() / 1e6 / chunk;
                System.out.printf(
                        "%,7d messages: %6.0f msg/s, Azurite %.2f ms CPU/msg, RSS %,d MiB%n",
                        limit, chunk / seconds, cpuMs, rssMib(BenchAzurite.process(azurite)));
            }
            System.out.printf("Total %.1f s%n", (System.nanoTime() - start) / 1e9);
        }
    }

    private static long rssMib(ProcessHandle handle) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(handle.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                }
            }
        } catch (Exception e) {
            // The process is gone or /proc is missing: report nothing.
        }
        return -1;
    }
}
