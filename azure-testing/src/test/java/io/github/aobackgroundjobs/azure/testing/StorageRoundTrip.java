package io.github.aobackgroundjobs.azure.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.models.QueueMessageItem;

/** A real queue message and a real blob through an Azurite's connection string. */
final class StorageRoundTrip {

    private StorageRoundTrip() {}

    static void queue(Azurite azurite) {
        QueueClient queue = new QueueClientBuilder()
                .connectionString(azurite.connectionString())
                .queueName(Azurite.randomQueueName("rt"))
                .buildClient();
        queue.create();
        queue.sendMessage("hello");
        QueueMessageItem message = queue.receiveMessage();
        assertThat(message.getBody().toString()).isEqualTo("hello");
        queue.deleteMessage(message.getMessageId(), message.getPopReceipt());
    }

    static void blob(Azurite azurite) {
        BlobContainerClient container = new BlobServiceClientBuilder()
                .connectionString(azurite.connectionString())
                .buildClient()
                .createBlobContainer(Azurite.randomQueueName("rt"));
        container.getBlobClient("a.txt").upload(BinaryData.fromString("zip"));
        assertThat(container.getBlobClient("a.txt").downloadContent().toString())
                .isEqualTo("zip");
    }
}
