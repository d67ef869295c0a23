package io.github.aobackgroundjobs.azure.internal;

import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.Marker;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * An SLF4J logger that writes to a Functions invocation's {@code java.util.logging} logger,
 * so what the adapter logs shows in that invocation's logs in the portal and Application
 * Insights.
 */
public final class ExecutionContextLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient Logger target;
    private final String source;

    /**
     * @param target the invocation's logger
     * @param source the class name shown as the record's source
     */
    public ExecutionContextLogger(Logger target, String source) {
        this.target = target;
        this.source = source;
        this.name = source;
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(
            org.slf4j.event.Level level,
            Marker marker,
            String messagePattern,
            Object[] arguments,
            Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
        LogRecord record = new LogRecord(toJul(level), message);
        record.setThrown(throwable);
        record.setSourceClassName(source);
        record.setLoggerName(target.getName());
        target.log(record);
    }

    @Override
    public boolean isTraceEnabled() {
        return target.isLoggable(java.util.logging.Level.FINEST);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return target.isLoggable(java.util.logging.Level.FINE);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return target.isLoggable(java.util.logging.Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return target.isLoggable(java.util.logging.Level.WARNING);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return target.isLoggable(java.util.logging.Level.SEVERE);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return isErrorEnabled();
    }

    private static java.util.logging.Level toJul(org.slf4j.event.Level level) {
        return switch (level) {
            case ERROR -> java.util.logging.Level.SEVERE;
            case WARN -> java.util.logging.Level.WARNING;
            case INFO -> java.util.logging.Level.INFO;
            case DEBUG -> java.util.logging.Level.FINE;
            case TRACE -> java.util.logging.Level.FINEST;
        };
    }
}
