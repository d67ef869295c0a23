package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

/** {@link DashboardApiFuzzTest} over the in-memory repository: 10,000 requests. */
class InMemoryDashboardApiFuzzTest extends DashboardApiFuzzTest {

    @Override
    protected JobRepositoryBase<Long> createRepository() {
        return InMemoryJobRepository.withLongKeys();
    }

    @Override
    protected int cases() {
        return 10_000;
    }

    @Override
    protected long defaultSeed() {
        return 0x5eed_0050L;
    }
}
