package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import io.github.aobackgroundjobs.scheduler.jdbc.JdbiRecurringJobStore;
import io.github.aobackgroundjobs.scheduler.spi.RecurringJobStore;
import io.github.aobackgroundjobs.spi.JobKeyType;
import java.util.UUID;
import javax.sql.DataSource;

/** On a real PostgreSQL with a non-UTC session zone, UUID keys, a schema of its own per test. */
class PostgresSchedulerTest extends RecurringSchedulerContract<UUID> {

    @Override
    RecurringJobStore<UUID> newStore() {
        DataSource ds = TestDatabases.postgres();
        JdbiJobRepository<UUID> repository = JdbiJobRepository.builder(ds)
                .keyType(JobKeyType.UUID)
                .schema(TestDatabases.uniqueName("s"))
                .createOrMigrateSchema(true)
                .build();
        return JdbiRecurringJobStore.builder(ds, repository)
                .createOrMigrateSchema(true)
                .build();
    }
}
