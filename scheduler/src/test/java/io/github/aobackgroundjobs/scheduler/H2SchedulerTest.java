package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import javax.sql.DataSource;

class H2SchedulerTest extends RecurringSchedulerContract<Long> {

    @Override
    RecurringJobStore<Long> newStore() {
        DataSource ds = TestDatabases.h2();
        JdbiJobRepository<Long> repository =
                JdbiJobRepository.builder(ds).createOrMigrateSchema(true).build();
        return JdbiRecurringJobStore.builder(ds, repository)
                .createOrMigrateSchema(true)
                .build();
    }
}
