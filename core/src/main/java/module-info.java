/**
 * AO.BackgroundJobs for Java, core: the job lifecycle, the client, the worker, the SPI for custom
 * stores and queues, and the in-memory implementations. Exports its API and SPI packages; the
 * engine ({@code io.github.aobackgroundjobs.internal}) is not exported.
 */
module io.github.aobackgroundjobs.core {
    // JobSerializer and JobContext expose Jackson's ObjectMapper and SLF4J's Logger.
    requires transitive com.fasterxml.jackson.databind;
    requires transitive org.slf4j;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires java.management;
    requires transitive java.net.http; // WebhookNotifier.Builder takes an HttpClient
    // QueueJobClient.queueJobInTransaction takes the application's JDBC Connection and hands it to
    // the repository; the core itself runs no SQL.
    requires transitive java.sql;

    exports io.github.aobackgroundjobs;
    exports io.github.aobackgroundjobs.spi;
    exports io.github.aobackgroundjobs.delivery;
    exports io.github.aobackgroundjobs.webhook;
    exports io.github.aobackgroundjobs.memory;

    // Jackson reads and writes the library's own JSON types (error data, webhook payloads) by reflection.
    opens io.github.aobackgroundjobs to
            com.fasterxml.jackson.databind;
    opens io.github.aobackgroundjobs.webhook to
            com.fasterxml.jackson.databind;
}
