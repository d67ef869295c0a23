package io.github.aobackgroundjobs.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a job bean (a {@link io.github.aobackgroundjobs.BackgroundJobBase}) to the queue whose
 * messages it runs in the starter's {@link io.github.aobackgroundjobs.QueueWorker}. Put it on the
 * job's class or on its {@code @Bean} method. The property {@code backgroundjobs.jobs.<bean
 * name>.queue} wins over it; a job bean with neither fails the application's start.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface BackgroundJob {

    /**
     * @return the queue (lowercase letters, digits and single hyphens, starting and ending with a
     *     letter or digit, 3 to 56 characters: Azure Storage's queue names, with room for the
     *     {@code -poison} suffix)
     */
    String queue();
}
