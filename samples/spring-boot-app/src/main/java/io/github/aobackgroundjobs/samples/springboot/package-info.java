/**
 * A Spring Boot web application using the starter: orders queued with their report job in one
 * transaction, the bell on the application's page, the dashboard behind its login.
 */
package io.github.aobackgroundjobs.samples.springboot;
