package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.scheduler.memory.InMemoryRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;

class InMemorySchedulerTest extends RecurringSchedulerContract<Long> {

    @Override
    RecurringJobStore<Long> newStore() {
        return new InMemoryRecurringJobStore<>(InMemoryJobRepository.withLongKeys());
    }
}
