package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.InMemoryJobQueue;
import io.github.aobackgroundjobs.JobQueue;
import io.github.aobackgroundjobs.SettableClock;
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
