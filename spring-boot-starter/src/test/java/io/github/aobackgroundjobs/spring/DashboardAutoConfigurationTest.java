package io.github.aobackgroundjobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.CancelResult;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardRequest;
import io.github.aobackgroundjobs.dashboard.DashboardResponse;
import io.github.aobackgroundjobs.dashboard.JobActionRefusedException;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.ServletPrincipalAuthenticator;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/** The dashboard's beans in a servlet web application, and how they back off. */
class DashboardAutoConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    BackgroundJobsAutoConfiguration.class,
                    BackgroundJobsWorkerAutoConfiguration.class,
                    BackgroundJobsWorkerLifecycleAutoConfiguration.class,
                    BackgroundJobsDashboardAutoConfiguration.class))
            .withUserConfiguration(Repository.class);

    @Test
    void theDashboardIsAnAsyncServletAtTheConfiguredPathWithTheCsrfExemption() {
        runner.withPropertyValues("backgroundjobs.dashboard.path=/ops/jobs").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Dashboard.class);
            ServletRegistrationBean<?> servlet = context.getBean(
                    BackgroundJobsDashboardAutoConfiguration.SERVLET_BEAN_NAME, ServletRegistrationBean.class);
            assertThat(servlet.getUrlMappings()).containsExactly("/ops/jobs/*");
            assertThat(servlet.isAsyncSupported()).isTrue();
            assertThat(context).hasBean("backgroundJobsDashboardCsrfExemption");
        });
    }

    @Test
    void theApplicationsOwnDashboardWins() {
        runner.withUserConfiguration(OwnDashboard.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(Dashboard.class)).isSameAs(context.getBean("ownDashboard"));
        });
    }

    @Test
    void withoutSpringSecurityTheDashboardIsServedWithoutTheExemption() {
        runner.withClassLoader(new FilteredClassLoader(HttpSecurity.class)).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasBean(BackgroundJobsDashboardAutoConfiguration.SERVLET_BEAN_NAME);
            assertThat(context).doesNotHaveBean("backgroundJobsDashboardCsrfExemption");
        });
    }

    @Test
    void theApplicationsOwnJobActionsAreTheDashboardsButtons() {
        runner.withUserConfiguration(OwnActions.class).run(context -> {
            assertThat(context).hasNotFailed();
            @SuppressWarnings("unchecked")
            Dashboard<Long> dashboard = context.getBean(Dashboard.class);
            @SuppressWarnings("unchecked")
            QueueJobClient<Long> client = context.getBean(QueueJobClient.class);
            long id = client.queueJob("reports", "ops", "a report");
            MockHttpSession session = new MockHttpSession();
            String me = new String(
                    dashboard.handle(admin("GET", "/api/me", session, null)).body(), StandardCharsets.UTF_8);
            Matcher token = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(me);
            assertThat(token.find()).as(me).isTrue();

            DashboardResponse retried =
                    dashboard.handle(admin("POST", "/api/admin/jobs/" + id + "/retry", session, token.group(1)));

            assertThat(retried.status()).isEqualTo(429);
            assertThat(new String(retried.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"Over the quota.\"}");
        });
    }

    private static DashboardRequest admin(String method, String path, MockHttpSession session, String csrfToken) {
        MockHttpServletRequest servlet = new MockHttpServletRequest(method, "/jobs" + path);
        servlet.setSession(session);
        servlet.setUserPrincipal(() -> "ops");
        servlet.addUserRole("ADMIN");
        DashboardRequest.Builder request =
                DashboardRequest.builder(method, path).nativeRequest(servlet);
        if (csrfToken != null) {
            request.header("X-CSRF-Token", csrfToken)
                    .header("Content-Type", "application/json")
                    .body("{}".getBytes(StandardCharsets.UTF_8));
        }
        return request.build();
    }

    @Test
    void theDashboardCanBeTurnedOff() {
        runner.withPropertyValues("backgroundjobs.dashboard.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(Dashboard.class);
            assertThat(context).doesNotHaveBean(BackgroundJobsDashboardAutoConfiguration.SERVLET_BEAN_NAME);
        });
    }

    @Test
    void aRepositoryWithUuidKeysGetsADashboardOfUuidKeys() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        BackgroundJobsAutoConfiguration.class, BackgroundJobsDashboardAutoConfiguration.class))
                .withUserConfiguration(UuidRepository.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(Dashboard.class);
                    assertThat(context).hasSingleBean(QueueJobClient.class);
                    assertThat(context).hasBean(BackgroundJobsDashboardAutoConfiguration.SERVLET_BEAN_NAME);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class UuidRepository {
        @Bean
        InMemoryJobRepository<UUID> uuidRepository() {
            return InMemoryJobRepository.withUuidKeys();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Repository {
        @Bean
        InMemoryJobRepository<Long> repository() {
            return InMemoryJobRepository.withLongKeys();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnActions {
        @Bean
        JobActions<Long> quotaActions(QueueJobClient<Long> client) {
            JobActions<Long> stock = JobActions.of(client);
            return new JobActions<>() {
                @Override
                public boolean retry(Long id) {
                    throw new JobActionRefusedException(429, "Over the quota.");
                }

                @Override
                public CancelResult cancel(Long id) {
                    return stock.cancel(id);
                }

                @Override
                public boolean clear(Long id) {
                    return stock.clear(id);
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDashboard {
        @Bean
        Dashboard<Long> ownDashboard(InMemoryJobRepository<Long> repository, QueueJobClient<Long> client) {
            return Dashboard.builder(repository)
                    .actions(JobActions.of(client))
                    .authenticator(new ServletPrincipalAuthenticator("OPS", Dashboard.DEFAULT_ADMIN_ROLE))
                    .build();
        }
    }
}
