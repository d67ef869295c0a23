package io.github.aobackgroundjobs.azure;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.AzuriteExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code JobQueue} contract on Testcontainers' Azurite, so the fixture's Docker path is proven
 * in every build. Docker mode is asked for explicitly: without an engine this fails, never skips.
 */
class DockerAzureJobQueueContractTest extends AzureJobQueueContractTest {

    @RegisterExtension
    static final AzuriteExtension AZURITE =
            new AzuriteExtension(Azurite.builder().mode(Azurite.Mode.DOCKER).services(Azurite.Service.QUEUE));

    @Override
    protected Azurite azurite() {
        return AZURITE.azurite();
    }
}
