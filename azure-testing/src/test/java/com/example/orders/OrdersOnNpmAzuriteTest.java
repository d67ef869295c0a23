package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClientBuilder;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import org.junit.jupiter.api.Test;

// The npm path asked for explicitly, as a user without Docker gets it; ConsumerProjectIT builds it outside this
// project.
class OrdersOnNpmAzuriteTest {

    @Test
    void storesAnInvoiceBlob() {
        try (Azurite azurite = Azurite.builder().mode(Azurite.Mode.NPM).build()) {
            var container = new BlobServiceClientBuilder()
                    .connectionString(azurite.connectionString())
                    .buildClient()
                    .createBlobContainer("invoices");
            container.getBlobClient("42.txt").upload(com.azure.core.util.BinaryData.fromString("paid"));
            assertThat(container.getBlobClient("42.txt").downloadContent().toString())
                    .isEqualTo("paid");
        }
    }
}
