/**
 * Spring Boot 4 auto-configuration: the Jdbi repository on the application's {@code DataSource},
 * the queue, {@link io.github.aobackgroundjobs.spring.SpringQueueJobClient} joining Spring
 * transactions, a worker of the application's {@link io.github.aobackgroundjobs.spring.BackgroundJob}
 * beans, the dashboard servlet behind Spring Security, Micrometer meters and an actuator health
 * indicator, all set through {@link io.github.aobackgroundjobs.spring.BackgroundJobsProperties}.
 *
 * <p>For: Spring Boot applications. Stability: public API; changes follow semantic versioning.
 */
package io.github.aobackgroundjobs.spring;
