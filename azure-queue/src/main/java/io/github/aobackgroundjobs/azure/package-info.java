/**
 * Azure Storage Queues and Azure Functions: the {@code JobQueue} on Azure
 * ({@link io.github.aobackgroundjobs.azure.AzureStorageJobQueue}), one place for an application's
 * queues ({@link io.github.aobackgroundjobs.azure.QueueManager}), the queue-trigger adapter
 * ({@link io.github.aobackgroundjobs.azure.FunctionsJobHandler}) and the timer that repairs lost
 * messages ({@link io.github.aobackgroundjobs.azure.FunctionsRecoveryTimer}).
 *
 * <p>For: applications on Azure. Stability: public API.
 */
package io.github.aobackgroundjobs.azure;
