package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.testkit.JobQueueContractTest;
import java.time.Duration;

/** custom-repository.md, "A queue of your own": the SPI's defaults pass the queue suite. */
class MinimalJobQueueContractTest extends JobQueueContractTest {
    private final SettableClock clock = new SettableClock();

    @Override
    protected JobQueue createQueue() {
        return new MinimalJobQueue(new InMemoryJobQueue(clock));
    }

    @Override
    protected void waitFor(Duration duration) {
        clock.advance(duration);
    }
}
