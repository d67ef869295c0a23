package io.github.aobackgroundjobs.spring;

import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardServlet;
import io.github.aobackgroundjobs.dashboard.JobActions;
import io.github.aobackgroundjobs.dashboard.ServletPrincipalAuthenticator;
import io.github.aobackgroundjobs.spi.JobQueue;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.util.ClassUtils;

/**
 * The dashboard as a servlet at {@code backgroundjobs.dashboard.path} in a servlet web
 * application, signed in through the application's own login ({@link ServletPrincipalAuthenticator}:
 * users with the role {@code backgroundjobs.dashboard.admin-role} are dashboard admins). The
 * dashboard checks its own cross-site token on every state-changing request, so Spring Security's
 * CSRF filter skips its path (turn off with {@code backgroundjobs.dashboard.csrf-exempt=false}).
 * The application's security configuration still decides who may open the path.
 */
@AutoConfiguration(after = BackgroundJobsAutoConfiguration.class)
@ConditionalOnClass({Dashboard.class, ServletRegistrationBean.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "backgroundjobs.dashboard.enabled", matchIfMissing = true)
@ConditionalOnBean(JobRepositoryBase.class)
public class BackgroundJobsDashboardAutoConfiguration {

    /** The servlet's registration bean's name: define a bean of this name to register it yourself. */
    public static final String SERVLET_BEAN_NAME = "backgroundJobsDashboardServlet";

    private static final String RECURRING_SCHEDULER = "io.github.aobackgroundjobs.scheduler.RecurringScheduler";

    /** Creates the auto-configuration (Spring does). */
    public BackgroundJobsDashboardAutoConfiguration() {}

    /**
     * @param repository the job repository
     * @param client the client, for Retry / Cancel / Clear
     * @param actions the application's own {@link JobActions} (a quota on Retry, say), which win
     *     over the stock ones on the client
     * @param queue the queue, for the admin view's queue lengths
     * @param properties {@code backgroundjobs.*}
     * @param beans the context, for the job beans' queues
     * @param <K> the key type of the repository
     * @return the dashboard
     */
    @Bean
    @ConditionalOnMissingBean(Dashboard.class)
    public <K> Dashboard<K> backgroundJobsDashboard(
            JobRepositoryBase<K> repository,
            ObjectProvider<QueueJobClient<K>> client,
            ObjectProvider<JobActions<K>> actions,
            ObjectProvider<JobQueue> queue,
            BackgroundJobsProperties properties,
            ListableBeanFactory beans) {
        Dashboard.Builder<K> builder = Dashboard.builder(repository)
                .authenticator(new ServletPrincipalAuthenticator(
                        properties.getDashboard().getAdminRole(), Dashboard.DEFAULT_ADMIN_ROLE));
        JobActions<K> own = actions.getIfAvailable();
        if (own != null) {
            builder.actions(own);
        } else {
            client.ifAvailable(c -> builder.actions(JobActions.of(c)));
        }
        String secret = properties.getDashboard().getSecret();
        if (secret != null) {
            builder.secret(secret.getBytes(StandardCharsets.UTF_8));
        }
        JobQueue jobQueue = queue.getIfAvailable();
        if (jobQueue != null) {
            String[] names = JobBindings.resolve(beans, properties).keySet().toArray(String[]::new);
            if (names.length > 0) {
                builder.queues(jobQueue, names);
            }
        }
        if (ClassUtils.isPresent(
                RECURRING_SCHEDULER, BackgroundJobsDashboardAutoConfiguration.class.getClassLoader())) {
            RecurringView.attach(builder, beans);
        }
        return builder.build();
    }

    /**
     * @param dashboard the dashboard
     * @param properties {@code backgroundjobs.dashboard.path}
     * @return the servlet's registration at {@code <path>/*}, with asynchronous requests (event streams)
     */
    @Bean(name = SERVLET_BEAN_NAME)
    @ConditionalOnMissingBean(name = SERVLET_BEAN_NAME)
    public ServletRegistrationBean<DashboardServlet> backgroundJobsDashboardServlet(
            Dashboard<?> dashboard, BackgroundJobsProperties properties) {
        ServletRegistrationBean<DashboardServlet> registration = new ServletRegistrationBean<>(
                new DashboardServlet(dashboard), properties.getDashboard().getPath() + "/*");
        registration.setName(SERVLET_BEAN_NAME);
        registration.setAsyncSupported(true);
        return registration;
    }

    /** Exempts the dashboard's path from Spring Security's CSRF filter. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HttpSecurity.class)
    @ConditionalOnBooleanProperty(name = "backgroundjobs.dashboard.csrf-exempt", matchIfMissing = true)
    static class CsrfExemptionConfiguration {

        /**
         * Applied by Spring Security to every {@link HttpSecurity} it makes, before the
         * application's own configuration, which may add to it.
         */
        @Bean
        Customizer<HttpSecurity> backgroundJobsDashboardCsrfExemption(BackgroundJobsProperties properties) {
            String path = properties.getDashboard().getPath();
            return http -> http.csrf(csrf -> csrf.ignoringRequestMatchers(path, path + "/**"));
        }
    }
}
