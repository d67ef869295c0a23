package io.github.aobackgroundjobs.azure.testing;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The {@link ExecutionContext} the simulator hands a function: a fresh invocation id and a
 * logger whose records are kept, so tests can assert what a function logged.
 */
public final class SimulatedExecutionContext implements ExecutionContext {

    private final String functionName;
    private final String invocationId = UUID.randomUUID().toString();
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /**
     * @param functionName the function's name
     */
    public SimulatedExecutionContext(String functionName) {
        this.functionName = functionName;
        // An anonymous logger per invocation, like the host's, so records never mix.
        this.logger = Logger.getAnonymousLogger();
        this.logger.setLevel(Level.ALL);
        // Kept for assertions instead of printed: the simulator logs failures itself.
        this.logger.setUseParentHandlers(false);
        this.logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        });
    }

    @Override
    public Logger getLogger() {
        return logger;
    }

    @Override
    public String getInvocationId() {
        return invocationId;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    /** @return what the function logged through {@link #getLogger()}, in order */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** @return the logged messages with their level, e.g. {@code "WARNING Rejected ..."} */
    public List<String> lines() {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
    }
}
