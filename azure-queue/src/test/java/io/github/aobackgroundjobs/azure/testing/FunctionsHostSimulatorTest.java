package io.github.aobackgroundjobs.azure.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.BindingName;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.QueueTrigger;
import io.github.aobackgroundjobs.azure.AzureStorageJobQueue;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator.Disposition;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator.Invocation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The simulator's own host semantics, with plain functions (no library code in them). */
class FunctionsHostSimulatorTest {

    /** Remembers what it was handed; throws for text starting with "fail". */
    public static final class EchoFunctions {
        static final List<String> SEEN = new CopyOnWriteArrayList<>();

        @FunctionName("Echo")
        public void echo(
                @QueueTrigger(name = "m", queueName = "%Queue%") String message,
                @BindingName("DequeueCount") long dequeueCount,
                ExecutionContext context) {
            SEEN.add(message + "#" + dequeueCount);
            context.getLogger().info("got " + message);
            if (message.startsWith("fail")) {
                throw new IllegalStateException("planned");
            }
        }
    }

    /** A binding the simulator does not support. */
    public static final class Unsupported {
        @FunctionName("Odd")
        public void odd(@QueueTrigger(name = "m", queueName = "odd-queue") String message, int other) {}
    }

    private final Azurite azurite = Azurite.shared();
    private final String queueName = Azurite.randomQueueName("sim");
    private final HostJson host = new HostJson(4, 2, Duration.ofSeconds(1), Duration.ofMillis(100), true);

    @Test
    void decodesBase64DeletesOnReturnRetriesAThrowAndPoisonsAfterMaxDequeueCount() {
        EchoFunctions.SEEN.clear();
        AzureStorageJobQueue queue = AzureStorageJobQueue.fromConnectionString(azurite.connectionString());
        queue.send(queueName, b64("hello"), Duration.ZERO);
        queue.send(queueName, b64("fail-me"), Duration.ZERO);
        queue.send(queueName, "not base64!", Duration.ZERO);

        try (FunctionsHostSimulator sim = FunctionsHostSimulator.builder(EchoFunctions.class)
                .hostJson(host)
                .setting("AzureWebJobsStorage", azurite.connectionString())
                .setting("Queue", queueName)
                .build()) {
            assertThat(sim.queueFunctions()).containsEntry("Echo", queueName);
            sim.runUntilIdle(Duration.ofSeconds(20));

            assertThat(EchoFunctions.SEEN).containsExactlyInAnyOrder("hello#1", "fail-me#1", "fail-me#2");
            List<Invocation> invocations = sim.invocations();
            assertThat(invocations)
                    .filteredOn(i -> i.messageText().equals(b64("hello")))
                    .singleElement()
                    .satisfies(i -> {
                        assertThat(i.disposition()).isEqualTo(Disposition.DELETED);
                        assertThat(i.logLines()).containsExactly("INFO got hello");
                    });
            assertThat(invocations)
                    .filteredOn(i -> i.messageText().equals(b64("fail-me")))
                    .extracting(Invocation::disposition)
                    .containsExactly(Disposition.RELEASED, Disposition.POISONED);
            assertThat(invocations)
                    .filteredOn(i -> i.messageText().equals("not base64!"))
                    .extracting(Invocation::disposition)
                    .containsExactly(Disposition.RELEASED, Disposition.POISONED);
        }
        List<String> poisoned = queue.receive(queue.poisonQueueName(queueName), 32, Duration.ofSeconds(30)).stream()
                .map(m -> m.text())
                .toList();
        assertThat(poisoned).containsExactlyInAnyOrder(b64("fail-me"), "not base64!");
    }

    @Test
    void aDisabledFunctionIsNotRunAndAnUnsupportedBindingIsRefused() {
        assertThatThrownBy(() -> FunctionsHostSimulator.builder(EchoFunctions.class)
                        .hostJson(host)
                        .setting("AzureWebJobs.Echo.Disabled", "true")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no @FunctionName");
        assertThatThrownBy(
                        () -> FunctionsHostSimulator.builder(Unsupported.class).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot bind parameter");
    }

    @Test
    void readsTimeSpansAsHostJsonWritesThem() {
        assertThat(HostJson.timeSpan("00:00:01")).isEqualTo(Duration.ofSeconds(1));
        assertThat(HostJson.timeSpan("00:00:00.200")).isEqualTo(Duration.ofMillis(200));
        assertThat(HostJson.timeSpan("01:02:03")).isEqualTo(Duration.ofSeconds(3723));
        assertThat(HostJson.timeSpan("1.00:00:00")).isEqualTo(Duration.ofDays(1));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
