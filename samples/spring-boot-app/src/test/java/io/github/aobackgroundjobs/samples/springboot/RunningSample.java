package io.github.aobackgroundjobs.samples.springboot;

import org.apache.catalina.Context;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample started once for a test class, as {@link SampleHttp#start(String, boolean)} starts it,
 * and closed after the class: a static field registered with {@code @RegisterExtension}.
 */
final class RunningSample implements BeforeAllCallback, AfterAllCallback {

    private final String database;
    private final boolean worker;
    private ConfigurableApplicationContext application;

    /** @param database the in-memory database's name, one per test class; no worker runs */
    RunningSample(String database) {
        this(database, false);
    }

    /**
     * @param database the in-memory database's name, one per test class
     * @param worker whether the sample runs its worker
     */
    RunningSample(String database, boolean worker) {
        this.database = database;
        this.worker = worker;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        application = SampleHttp.start(database, worker);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (application != null) {
            application.close();
        }
    }

    /** @return the running application */
    ConfigurableApplicationContext application() {
        return application;
    }

    /** @return its base URL, without the trailing slash */
    String base() {
        return SampleHttp.base(application);
    }

    /** @return the sessions its Tomcat holds now */
    int activeSessions() {
        TomcatWebServer server = (TomcatWebServer) ((WebServerApplicationContext) application).getWebServer();
        Context context = (Context) server.getTomcat().getHost().findChildren()[0];
        return context.getManager().getActiveSessions();
    }
}
