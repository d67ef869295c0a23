package io.github.aobackgroundjobs.azure;

import com.microsoft.azure.functions.ExecutionContext;
import io.github.aobackgroundjobs.JobStoreUnavailableException;
import io.github.aobackgroundjobs.JobSweeper;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * Recovery under Azure Functions, where no process keeps running: the body of a
 * {@code @TimerTrigger} function that runs one {@link JobSweeper} pass, re-sending the
 * message of every PENDING job never sent or sent so long ago that the message must be lost
 * (and giving up, as ABORTED, a job re-sent too often). One pass handles at most the
 * sweeper's batch size; the next tick does the rest.
 *
 * <pre>{@code
 * @FunctionName("RecoverJobs")
 * public void recover(@TimerTrigger(name = "timer", schedule = "0 *}{@code /5 * * * *") String timer,
 *                     ExecutionContext context) {
 *     App.recovery().run(context);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; two instances of the app running it at once only send
 * harmless duplicates (the claim lets one run).
 */
public final class FunctionsRecoveryTimer {

    private final JobSweeper<?> sweeper;

    /**
     * @param sweeper the sweeper over the app's repository and queue
     * @throws NullPointerException if {@code sweeper} is null
     */
    public FunctionsRecoveryTimer(JobSweeper<?> sweeper) {
        this.sweeper = Objects.requireNonNull(sweeper, "'sweeper' cannot be null.");
    }

    /**
     * Runs one sweep.
     *
     * @param context the invocation
     * @return what the sweep did
     * @throws NullPointerException if {@code context} is null
     * @throws JobStoreUnavailableException if the job store cannot be reached (the next tick
     *     tries again)
     */
    public JobSweeper.SweepReport run(ExecutionContext context) {
        Objects.requireNonNull(context, "'context' cannot be null.");
        Logger log = FunctionsLogging.logger(context, FunctionsRecoveryTimer.class);
        JobSweeper.SweepReport report = sweeper.sweepOnce();
        if (report.found() > 0) {
            log.info(
                    "Recovery sweep: {} jobs found, {} re-sent, {} given up, {} sends failed",
                    report.found(),
                    report.resent(),
                    report.abandoned(),
                    report.failed());
        }
        return report;
    }
}
