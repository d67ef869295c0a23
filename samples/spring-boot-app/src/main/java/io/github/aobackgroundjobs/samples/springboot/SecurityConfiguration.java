package io.github.aobackgroundjobs.samples.springboot;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The application's own sign-in: a form login for every page, the dashboard included (the
 * starter exempts the dashboard's path from the CSRF filter: the dashboard checks its own
 * token). Health and the Prometheus scrape are open, as a load balancer and a scraper need them.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/actuator/prometheus")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .build();
    }

    @Bean
    InMemoryUserDetailsManager users(SampleUsers users) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(
                User.withUsername(users.user().name())
                        .password(encoder.encode(users.user().password()))
                        .roles("USER")
                        .build(),
                User.withUsername(users.admin().name())
                        .password(encoder.encode(users.admin().password()))
                        .roles("USER", "ADMIN")
                        .build());
    }
}
