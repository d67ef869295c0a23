package com.example.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import io.github.aobackgroundjobs.azure.testing.AzuriteExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// A user's test, as docs/azure-functions.md shows it; ConsumerProjectIT also builds it outside this project.
class OrdersQueueTest {

    @RegisterExtension
    static final AzuriteExtension AZURITE = new AzuriteExtension(); // Docker if an engine answers, else npm

    @Test
    void sendsAndReceivesAnOrder() {
        QueueClient queue = new QueueClientBuilder()
                .connectionString(AZURITE.connectionString())
                .queueName("orders")
                .buildClient();
        queue.createIfNotExists();
        queue.sendMessage("order 42");
        assertThat(queue.receiveMessage().getBody().toString()).isEqualTo("order 42");
    }
}
