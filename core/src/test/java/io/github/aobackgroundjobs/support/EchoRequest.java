package io.github.aobackgroundjobs.support;

/**
 * Request of {@link EchoJob}: what to echo and how to misbehave.
 *
 * @param text echoed back in the result
 * @param failTimes the first this-many attempts throw
 * @param sleepMillis how long each attempt works
 * @param progressSteps progress reports per attempt
 * @param waitForCancel loop until cancelled (checking every 10 ms, at most 30 s)
 */
public record EchoRequest(String text, int failTimes, long sleepMillis, int progressSteps, boolean waitForCancel) {

    public static EchoRequest ok(String text) {
        return new EchoRequest(text, 0, 0, 0, false);
    }

    public static EchoRequest failing(String text, int failTimes) {
        return new EchoRequest(text, failTimes, 0, 0, false);
    }

    public static EchoRequest slow(String text, long sleepMillis) {
        return new EchoRequest(text, 0, sleepMillis, 0, false);
    }
}
