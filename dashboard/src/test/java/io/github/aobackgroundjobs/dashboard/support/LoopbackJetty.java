package io.github.aobackgroundjobs.dashboard.support;

import io.github.aobackgroundjobs.dashboard.Dashboard;
import io.github.aobackgroundjobs.dashboard.DashboardServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * An embedded Jetty application at {@code /app} on a free port of 127.0.0.1 with a dashboard
 * mounted at {@code /app/jobs/}, as an application hosting it would set it up. The caller adds
 * its own servlets and filters to {@link #context()}, then starts the server.
 */
public final class LoopbackJetty {

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;

    /**
     * @param dashboard the dashboard to mount
     * @param asyncSupported whether the dashboard's servlet is registered with async support
     * @param contextOptions the context's options, e.g. {@link ServletContextHandler#SESSIONS}
     */
    public LoopbackJetty(Dashboard<?> dashboard, boolean asyncSupported, int contextOptions) {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        context = new ServletContextHandler("/app", contextOptions);
        ServletHolder holder = new ServletHolder(new DashboardServlet(dashboard));
        holder.setAsyncSupported(asyncSupported);
        context.addServlet(holder, "/jobs/*");
        server.setHandler(context);
    }

    /** @return the {@code /app} context, to add the application's own servlets and filters to */
    public ServletContextHandler context() {
        return context;
    }

    /** @return the server, to start and stop */
    public Server server() {
        return server;
    }

    /** @return the port the started server listens on */
    public int port() {
        return connector.getLocalPort();
    }
}
