package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.spi.JobQueue;
import java.time.Duration;

class InMemoryJobQueueContractTest extends JobQueueContractTest {

    private final SettableClock clock = new SettableClock();

    @Override
    protected JobQueue createQueue() {
        return new InMemoryJobQueue(clock);
    }

    @Override
    protected void waitFor(Duration duration) {
        clock.advance(duration);
    }
}
