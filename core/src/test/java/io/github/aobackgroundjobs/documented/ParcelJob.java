package io.github.aobackgroundjobs.documented;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

/** The plain job the operations.md tests queue: its receipt names the parcel's addressee. */
final class ParcelJob extends BackgroundJobBase<Long, ParcelJob.Parcel, ParcelJob.Receipt> {

    /** @param to the addressee */
    record Parcel(String to) {}

    /** @param by who received it */
    record Receipt(String by) {}

    ParcelJob(JobRepositoryBase<Long> repository) {
        super(repository, Parcel.class, Receipt.class);
    }

    ParcelJob(JobRepositoryBase<Long> repository, JobOptions options) {
        super(repository, Parcel.class, Receipt.class, options);
    }

    @Override
    protected Receipt onExecute(Parcel request, JobContext<Long> context) {
        return new Receipt(request.to());
    }
}
