package io.github.aobackgroundjobs.dashboard.support;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;

/** A job that walks through steps, reporting progress, and fails at a chosen step if asked. */
public final class StepJob extends BackgroundJobBase<Long, StepJob.StepRequest, StepJob.StepResult> {

    /**
     * @param label shown in the request
     * @param steps how many steps
     * @param stepMillis how long each step takes
     * @param failAtStep the step that throws, or 0 for none
     */
    public record StepRequest(String label, int steps, long stepMillis, int failAtStep) {}

    /** @param steps steps done */
    public record StepResult(int steps) {}

    public StepJob(JobRepositoryBase<Long> repository, JobOptions options) {
        super(repository, StepRequest.class, StepResult.class, options);
    }

    @Override
    protected StepResult onExecute(StepRequest request, JobContext<Long> context) throws Exception {
        for (int step = 1; step <= request.steps(); step++) {
            context.throwIfCancellationRequested();
            Thread.sleep(request.stepMillis()); // the work itself: a real job would compute here
            if (step == request.failAtStep()) {
                throw new IllegalStateException("Step " + step + " of " + request.label() + " failed on purpose");
            }
            context.reportProgress(step * 100 / request.steps(), "step " + step + " of " + request.steps());
        }
        return new StepResult(request.steps());
    }
}
