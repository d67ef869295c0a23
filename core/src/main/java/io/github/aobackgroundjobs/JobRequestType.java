package io.github.aobackgroundjobs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a request class's type in job records instead of its simple name (the original's
 * default). Useful when two request classes share a simple name, or when a class is renamed
 * and old records must still match.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface JobRequestType {
    /** @return the type name, at most {@value BackgroundJobInfo#MAX_REQUEST_TYPE_LENGTH} characters */
    String value();
}
