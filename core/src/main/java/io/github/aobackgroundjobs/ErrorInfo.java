package io.github.aobackgroundjobs;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A job's error as stored in {@link BackgroundJobInfo#getExceptionData()} (as JSON): the
 * original's exception data (message with all inner messages, stack trace) plus the phase it
 * happened in and the attempt.
 *
 * @param type the exception's class name, or {@code "reason"} for a reason without an exception
 * @param message the top-level message
 * @param messages the message of the exception and of each cause, outermost first
 * @param stackTrace the full stack trace, or null
 * @param context the phase: {@code executing} (the job's code threw, or its result could not be
 *     written), {@code queueing}, {@code rejected}, {@code gave-up}, {@code sweeping},
 *     {@code poison}; {@code unreadable} for stored error data that
 *     {@link JobSerializer#readError} could not read as an {@code ErrorInfo}
 * @param attempt the attempt it happened on, 0 if none
 */
public record ErrorInfo(
        String type, String message, List<String> messages, String stackTrace, String context, int attempt) {

    /** Longest stack trace kept, in characters; deeper traces are cut. */
    public static final int MAX_STACK_TRACE_LENGTH = 16 * 1024;

    /**
     * Longest message kept (the top-level one and each of {@link #messages()}), in characters;
     * longer ones are cut and end {@code " ... (cut)"}: a message of megabytes would otherwise be
     * stored, and sent with the job's every view, in full.
     */
    public static final int MAX_MESSAGE_LENGTH = 4 * 1024;

    /** Most causes kept in {@link #messages()}; a longer chain keeps its outermost ones. */
    public static final int MAX_CAUSES = 32;

    /**
     * Copies the list.
     * @param type see {@link #type()}
     * @param message see {@link #message()}
     * @param messages see {@link #messages()}
     * @param stackTrace see {@link #stackTrace()}
     * @param context see {@link #context()}
     * @param attempt see {@link #attempt()}
     */
    public ErrorInfo {
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    /**
     * Describes an exception.
     *
     * @param error the exception
     * @param context the phase it happened in
     * @param attempt the attempt it happened on
     * @return the description
     */
    public static ErrorInfo of(Throwable error, String context, int attempt) {
        Objects.requireNonNull(error, "'error' cannot be null.");
        List<String> messages = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = error;
                t != null && seen.put(t, Boolean.TRUE) == null && messages.size() < MAX_CAUSES;
                t = t.getCause()) {
            messages.add(cut(t.getClass().getName() + ": " + t.getMessage()));
        }
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        String stack = trace.toString();
        if (stack.length() > MAX_STACK_TRACE_LENGTH) {
            stack = stack.substring(0, MAX_STACK_TRACE_LENGTH) + "\n\t... (cut)";
        }
        return new ErrorInfo(error.getClass().getName(), cut(error.getMessage()), messages, stack, context, attempt);
    }

    private static String cut(String message) {
        if (message == null || message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        int end = MAX_MESSAGE_LENGTH;
        if (Character.isHighSurrogate(message.charAt(end - 1))) {
            end--;
        }
        return message.substring(0, end) + " ... (cut)";
    }

    /**
     * Describes a reason that is not an exception (a rejected message, a job given up).
     *
     * @param reason the reason
     * @param context the phase
     * @param attempt the attempt, 0 if none
     * @return the description
     */
    public static ErrorInfo reason(String reason, String context, int attempt) {
        return new ErrorInfo("reason", reason, List.of(reason), null, context, attempt);
    }
}
