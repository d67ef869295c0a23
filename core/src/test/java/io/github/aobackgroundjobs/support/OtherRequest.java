package io.github.aobackgroundjobs.support;

/**
 * A request of another job type.
 *
 * @param value anything
 */
public record OtherRequest(int value) {}
