package io.github.aobackgroundjobs.testkit.documented;

import io.github.aobackgroundjobs.spi.JobKeyType;
import java.util.Comparator;

/** {@link KeyedMapJobRepository} with keys the store counts up. */
class MapJobRepository extends KeyedMapJobRepository<Long> {
    MapJobRepository() {
        super(JobKeyType.LONG, Comparator.naturalOrder());
    }
}
