package io.github.aobackgroundjobs.samples.springboot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;

/**
 * A shop's web application: its own sign-in (Spring Security), an order endpoint that saves the
 * order and queues its report job in one transaction, the notification bell on its page, the
 * admin dashboard for the {@code ADMIN} role, metrics at {@code /actuator/prometheus} and health
 * at {@code /actuator/health}. Everything of the job library comes from the starter and
 * {@code application.properties}.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleUsers.class)
public class SampleApplication {

    private static final Logger LOG = LoggerFactory.getLogger(SampleApplication.class);

    /** Spring creates it. */
    public SampleApplication() {}

    /**
     * Starts the application; any {@code --name=value} argument sets a property.
     *
     * @param args Spring Boot's command line
     */
    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }

    /** Says where to go and how to sign in, once the application takes requests. */
    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (event.getApplicationContext() instanceof WebServerApplicationContext web) {
            SampleUsers users = event.getApplicationContext().getBean(SampleUsers.class);
            LOG.info(
                    "Open http://localhost:{}/ and sign in as '{}' (password '{}') or '{}' (password '{}', admin).",
                    web.getWebServer().getPort(),
                    users.user().name(),
                    users.user().password(),
                    users.admin().name(),
                    users.admin().password());
        }
    }
}
