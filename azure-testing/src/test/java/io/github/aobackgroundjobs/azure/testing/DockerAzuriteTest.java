package io.github.aobackgroundjobs.azure.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The Docker path through Testcontainers. Docker mode is asked for explicitly, so a machine
 * without an engine fails here instead of skipping.
 */
class DockerAzuriteTest {

    @Test
    void queueAndBlobInAContainer() {
        try (Azurite azurite = Azurite.builder().mode(Azurite.Mode.DOCKER).build()) {
            assertThat(azurite.mode()).isEqualTo(Azurite.Mode.DOCKER);
            assertThat(azurite.process(Azurite.Service.QUEUE)).isEmpty();
            assertThat(azurite.connectionString())
                    .contains("QueueEndpoint=" + azurite.queueEndpoint() + ";")
                    .contains("BlobEndpoint=" + azurite.blobEndpoint() + ";");
            StorageRoundTrip.queue(azurite);
            StorageRoundTrip.blob(azurite);
            assertThatThrownBy(azurite::stop).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void onDiskDataNeedsTheNpmAzurite() {
        assertThatThrownBy(() -> Azurite.builder()
                        .mode(Azurite.Mode.DOCKER)
                        .persistence(Azurite.Persistence.DISK)
                        .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("npm");
    }
}
