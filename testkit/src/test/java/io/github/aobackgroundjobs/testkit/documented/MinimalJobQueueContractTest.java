package io.github.aobackgroundjobs.testkit.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.testkit.JobQueueContractTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * custom-repository.md, "A queue of your own": the SPI's defaults pass the queue suite, and
 * {@code cleanUp} is handed every queue a test created, its poison queue included.
 */
class MinimalJobQueueContractTest extends JobQueueContractTest {
    private static final Set<String> CREATED = new HashSet<>();
    private static final Set<String> CLEANED = new HashSet<>();

    private final SettableClock clock = new SettableClock();

    @Override
    protected JobQueue createQueue() {
        return new MinimalJobQueue(new InMemoryJobQueue(clock));
    }

    @Override
    protected void waitFor(Duration duration) {
        clock.advance(duration);
    }

    @Override
    protected String newQueueName() {
        String name = super.newQueueName();
        CREATED.add(name);
        CREATED.add(name + "-poison");
        return name;
    }

    @Override
    protected void cleanUp(JobQueue queue, List<String> queueNames) {
        CLEANED.addAll(new ArrayList<>(queueNames));
    }

    @AfterAll
    static void everyQueueATestCreatedWasHandedToCleanUp() {
        assertThat(CREATED).isNotEmpty();
        assertThat(CLEANED).containsAll(CREATED);
    }
}
