package io.github.aobackgroundjobs.samples.notification;

import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Base64;
import org.h2.tools.Server;

/**
 * The H2 TCP server through which the worker process of {@code --worker=separate} shares the
 * web process's H2 file. Anything on this machine that finds its port can knock, so it opens
 * as little as H2 lets it: connections from this machine only (no {@code -tcpAllowOthers}), on
 * the loopback address if {@link #bindToLoopback} ran before this JVM first used H2; one database, the
 * demo's, under a name of its own ({@code -key}: any other name is refused, and no database is
 * ever created for a client, as there is no {@code -ifNotExists}); and a random shutdown
 * password. The database's own password ({@link DemoH2File}) keeps out who knows the name.
 * Open the database with {@link DemoH2File#open} before starting the server.
 */
final class DemoH2Server implements AutoCloseable {

    /** The name clients give for the demo's database. */
    static final String DATABASE = "notification-demo";

    private final Server server;

    private DemoH2Server(Server server) {
        this.server = server;
    }

    /**
     * Asks H2 to bind its servers to the loopback address. H2 reads the setting once, when this
     * JVM first uses it, so call this before opening any H2 database; later it changes nothing,
     * and the server then listens on every address but still refuses other machines.
     */
    static void bindToLoopback() {
        System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    /**
     * Starts the server on a free port.
     *
     * @param name the database as this process opened it ({@link DemoDatabase#h2OpenName}):
     *     under any other name H2 would open the file a second time and find it locked
     * @return the running server
     * @throws SQLException if it cannot start
     */
    static DemoH2Server start(String name) throws SQLException {
        byte[] shutdown = new byte[32];
        new SecureRandom().nextBytes(shutdown);
        return new DemoH2Server(Server.createTcpServer(
                        "-tcpPort",
                        "0",
                        "-tcpPassword",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(shutdown),
                        "-key",
                        DATABASE,
                        name)
                .start());
    }

    /** @return the server's port on the loopback address */
    int port() {
        return server.getPort();
    }

    /** @return the URL of the demo's database through this server (with no settings) */
    String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + port() + "/" + DATABASE;
    }

    /** Stops the server; the database stays open in this process until it is shut down. */
    @Override
    public void close() {
        server.stop();
    }
}
