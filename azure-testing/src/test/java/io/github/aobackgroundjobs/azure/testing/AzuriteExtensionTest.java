package io.github.aobackgroundjobs.azure.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One Azurite for the class through the JUnit 5 extension, also injected as a parameter. */
class AzuriteExtensionTest {

    @RegisterExtension
    static final AzuriteExtension AZURITE =
            new AzuriteExtension(Azurite.builder().services(Azurite.Service.QUEUE));

    @Test
    void givesARunningAzurite(Azurite injected) {
        assertThat(injected).isSameAs(AZURITE.azurite());
        assertThat(AZURITE.connectionString()).contains("QueueEndpoint=").doesNotContain("BlobEndpoint=");
        StorageRoundTrip.queue(injected);
    }

    @Test
    void keepsTheSameAzuriteForTheClass(Azurite injected) {
        assertThat(injected).isSameAs(AZURITE.azurite());
    }
}
