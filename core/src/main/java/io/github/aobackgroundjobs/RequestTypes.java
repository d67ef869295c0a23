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
     * @throws IllegalArgumentException if the name is blank or too long
     */
    public static String nameOf(Class<?> requestClass) {
        Objects.requireNonNull(requestClass, "'requestClass' cannot be null.");
        JobRequestType annotation = requestClass.getAnnotation(JobRequestType.class);
        String name = annotation != null ? annotation.value() : requestClass.getSimpleName();
        return JobValidation.requireRequestType(name);
    }
}
