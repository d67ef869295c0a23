package io.github.aobackgroundjobs.support;

/**
 * Result of {@link EchoJob}.
 *
 * @param text the request's text
 * @param attempt the attempt that succeeded
 */
public record EchoResult(String text, int attempt) {}
