package io.github.aobackgroundjobs.azure.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The npm path: local processes on loopback ports, restarts, on-disk data, and the install hint. */
class NpmAzuriteTest {

    @Test
    void queueAndBlobOnLoopback() {
        try (Azurite azurite = Azurite.builder().mode(Azurite.Mode.NPM).build()) {
            assertThat(azurite.mode()).isEqualTo(Azurite.Mode.NPM);
            assertThat(azurite.queueEndpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(azurite.connectionString())
                    .contains("QueueEndpoint=" + azurite.queueEndpoint() + ";")
                    .contains("BlobEndpoint=" + azurite.blobEndpoint() + ";");
            assertThat(azurite.process(Azurite.Service.QUEUE))
                    .hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            StorageRoundTrip.queue(azurite);
            StorageRoundTrip.blob(azurite);
        }
    }

    @Test
    void onDiskDataSurvivesARestartOnTheSamePort(@TempDir Path location) {
        try (Azurite azurite = Azurite.builder()
                .mode(Azurite.Mode.NPM)
                .services(Azurite.Service.QUEUE)
                .persistence(Azurite.Persistence.DISK)
                .location(location)
                .build()) {
            var queue = new com.azure.storage.queue.QueueClientBuilder()
                    .connectionString(azurite.connectionString())
                    .queueName("kept")
                    .buildClient();
            queue.create();
            queue.sendMessage("survives");
            int port = azurite.port(Azurite.Service.QUEUE);

            assertThat(azurite.stop()).isTrue();
            azurite.start();

            assertThat(azurite.port(Azurite.Service.QUEUE)).isEqualTo(port);
            assertThat(queue.receiveMessage().getBody().toString()).isEqualTo("survives");
        }
        assertThat(location.resolve("queue")).isDirectory();
    }

    @Test
    void aMissingAzuriteSaysHowToInstallIt(@TempDir Path empty) {
        assertThatThrownBy(() -> Azurite.builder()
                        .mode(Azurite.Mode.NPM)
                        .executable(empty.resolve("azurite"))
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("npm install azurite@3.37.0")
                .as("the message names where the path came from: the builder, not the setting")
                .hasMessageStartingWith("AzuriteBuilder.executable=" + empty.resolve("azurite"))
                .hasMessageNotContaining(Azurite.EXECUTABLE_PROPERTY);
    }

    @Test
    void theExecutableMayNameTheLauncherOrItsDirectory() {
        // This project installs Azurite at its root (npm ci); the module's tests run one level below.
        Path bin = Path.of("..", "node_modules", ".bin").toAbsolutePath().normalize();
        assertThat(bin.resolve("azurite")).isExecutable();
        for (Path executable : new Path[] {bin.resolve("azurite"), bin}) {
            try (Azurite azurite = Azurite.builder()
                    .mode(Azurite.Mode.NPM)
                    .services(Azurite.Service.QUEUE)
                    .executable(executable)
                    .build()) {
                StorageRoundTrip.queue(azurite);
            }
        }
    }

    @Test
    void theSharedAzuriteCannotBeStoppedOrClosed() {
        Azurite shared = Azurite.shared();
        shared.close();
        assertThat(Azurite.shared()).isSameAs(shared);
        assertThatThrownBy(shared::stop).isInstanceOf(IllegalStateException.class);
    }
}
