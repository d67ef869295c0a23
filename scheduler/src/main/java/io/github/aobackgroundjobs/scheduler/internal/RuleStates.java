package io.github.aobackgroundjobs.scheduler.internal;

import io.github.aobackgroundjobs.JobStatus;
import java.util.EnumSet;
import java.util.Set;

/** The states of the records one retention rule deletes, as every store reads the rule. */
public final class RuleStates {

    private RuleStates() {}

    /**
     * @param status a rule's finished state, or null for a rule over every finished state (the
     *     cleared records')
     * @return that state alone, or every finished state
     */
    public static Set<JobStatus> of(JobStatus status) {
        if (status != null) {
            return EnumSet.of(status);
        }
        Set<JobStatus> finished = EnumSet.noneOf(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            if (s.isTerminal()) {
                finished.add(s);
            }
        }
        return finished;
    }
}
