package io.github.aobackgroundjobs;

import io.github.aobackgroundjobs.spi.JobValidation;
import java.util.Objects;

/** The request type name stored in job records for a request class. */
public final class RequestTypes {

    private RequestTypes() {}

    /**
     * The type name of a request class: its {@link JobRequestType} if annotated, else its
     * simple name (as the original).
     *
     * @param requestClass the class
     * @return the name
     * @throws NullPointerException if {@code requestClass} is null
     * @throws IllegalArgumentException if the class is anonymous and not annotated (it has no
     *     simple name; the message names the class), hidden (a lambda's, whose name changes from
     *     run to run, so no job kind could ever match it), or the name is blank or too long
     */
    public static String nameOf(Class<?> requestClass) {
        Objects.requireNonNull(requestClass, "'requestClass' cannot be null.");
        JobRequestType annotation = requestClass.getAnnotation(JobRequestType.class);
        if (annotation == null && requestClass.isAnonymousClass()) {
            throw new IllegalArgumentException("The request's class " + requestClass.getName()
                    + " is anonymous: it has no simple name to be its request type. Use a named class, annotate it"
                    + " with @JobRequestType, or give the request type explicitly.");
        }
        if (requestClass.isHidden()) {
            throw new IllegalArgumentException("The request's class " + requestClass.getName()
                    + " is hidden (a lambda's): its name changes from run to run, so it cannot be a request type."
                    + " Use a named class, or give the request type explicitly.");
        }
        String name = annotation != null ? annotation.value() : requestClass.getSimpleName();
        return JobValidation.requireRequestType(name);
    }
}
