package io.github.aobackgroundjobs.benchmarks.support;

import java.time.Duration;

/** CPU time of processes, to say where the time of a run went across the JVM, Azurite and PostgreSQL. */
public final class CpuTime {

    private CpuTime() {}

    /**
     * @param handle a process
     * @return its CPU time and its descendants' so far
     */
    public static Duration of(ProcessHandle handle) {
        Duration total = handle.info().totalCpuDuration().orElse(Duration.ZERO);
        for (ProcessHandle child : (Iterable<ProcessHandle>) handle.descendants()::iterator) {
            total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
        }
        return total;
    }

    /** @return this JVM's CPU time so far */
    public static Duration self() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }
}
