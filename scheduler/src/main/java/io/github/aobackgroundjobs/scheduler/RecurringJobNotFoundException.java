package io.github.aobackgroundjobs.scheduler;

import io.github.aobackgroundjobs.BackgroundJobException;

/** No recurring definition of that name is stored. */
public final class RecurringJobNotFoundException extends BackgroundJobException {

    private static final long serialVersionUID = 1L;

    private final String name;

    /** @param name the definition's name */
    public RecurringJobNotFoundException(String name) {
        super("No recurring job named '" + name + "' is stored.", null);
        this.name = name;
    }

    /** @return the definition's name */
    public String name() {
        return name;
    }
}
