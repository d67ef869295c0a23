package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A web application as a team writes it: its own login (HTTP Basic here), its own service, one job
 * bean; everything of the library comes from the starter.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

    @Bean
    GreetingJob greetingJob(JobRepositoryBase<Long> repository) {
        return new GreetingJob(repository);
    }

    @Bean
    Orders orders(JdbcTemplate jdbc, SpringQueueJobClient<Long> jobs) {
        Orders orders = new Orders(jdbc, jobs);
        orders.createTable();
        return orders;
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                .build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(
                User.withUsername("alice")
                        .password("{noop}alice-pw")
                        .roles("USER")
                        .build(),
                User.withUsername("root")
                        .password("{noop}root-pw")
                        .roles("USER", "ADMIN")
                        .build());
    }
}
