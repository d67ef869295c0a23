package io.github.aobackgroundjobs.samples.springboot;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sample's two accounts ({@code sample.user.*}, {@code sample.admin.*}): a shopper and an admin.
 *
 * @param user the shopper
 * @param admin the admin (role {@code ADMIN}: the dashboard's admin view)
 */
@ConfigurationProperties(prefix = "sample")
public record SampleUsers(
        @DefaultValue Account user, @DefaultValue Account admin) {

    /**
     * @param name the sign-in name
     * @param password the password
     */
    public record Account(
            @DefaultValue("") String name, @DefaultValue("") String password) {}
}
