package io.github.aobackgroundjobs.chaos;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/** A real PostgreSQL on a fixed data directory and port, so it can be stopped and started again. */
final class ChaosPostgres implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private EmbeddedPostgres server;

    ChaosPostgres(Path dataDirectory) throws IOException {
        this.dataDirectory = dataDirectory;
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    synchronized void start() throws IOException {
        if (server == null) {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setServerConfig("timezone", ChaosStores.SESSION_ZONE)
                    .setServerConfig("max_connections", "100")
                    .start();
        }
    }

    synchronized void stop() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
