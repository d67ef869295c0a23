package io.github.aobackgroundjobs.azure;

import com.microsoft.azure.functions.ExecutionContext;
import io.github.aobackgroundjobs.azure.internal.ExecutionContextLogger;
import java.util.Objects;
import org.slf4j.Logger;

/**
 * Bridges a Functions invocation's logger to SLF4J: code written against SLF4J logs into the
 * invocation's own log stream (the portal, Application Insights) instead of the worker's
 * stdout.
 *
 * <p>While the adapter runs a job it also puts {@value #MDC_INVOCATION_ID} and
 * {@value #MDC_FUNCTION_NAME} in the SLF4J MDC, so an app's SLF4J backend can tag every line
 * the job logs (including through {@code JobContext.logger()}) with the invocation.
 */
public final class FunctionsLogging {

    /** MDC key of the invocation id while the adapter runs. */
    public static final String MDC_INVOCATION_ID = "invocationId";
    /** MDC key of the function's name while the adapter runs. */
    public static final String MDC_FUNCTION_NAME = "functionName";

    private FunctionsLogging() {}

    /**
     * An SLF4J logger writing to the invocation's logger.
     *
     * @param context the invocation
     * @param source the class the lines come from
     * @return the logger; use it only during the invocation
     * @throws NullPointerException if an argument is null
     */
    public static Logger logger(ExecutionContext context, Class<?> source) {
        Objects.requireNonNull(context, "'context' cannot be null.");
        Objects.requireNonNull(source, "'source' cannot be null.");
        return new ExecutionContextLogger(context.getLogger(), source.getName());
    }
}
