package io.github.aobackgroundjobs.dashboard.support;

import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import java.net.ServerSocket;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;

/** An H2 database served over TCP on the loopback address, so two JVMs share it. */
public final class SharedDatabase implements AutoCloseable {

    public final String url;
    private final Server server;

    public SharedDatabase() throws Exception {
        System.setProperty("h2.bindAddress", "127.0.0.1");
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists")
                .start();
        url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:jobs" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
    }

    public JdbiJobRepository<Long> repository(boolean migrate) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        return JdbiJobRepository.builder(ds).createOrMigrateSchema(migrate).build();
    }

    @Override
    public void close() throws SQLException {
        server.stop();
    }
}
