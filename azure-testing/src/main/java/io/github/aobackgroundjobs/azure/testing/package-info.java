/**
 * A running Azurite (the Azure Storage emulator, queue and blob) for JUnit 5 tests:
 * {@link io.github.aobackgroundjobs.azure.testing.Azurite} with its connection string, built by
 * {@link io.github.aobackgroundjobs.azure.testing.AzuriteBuilder} and managed per class or per test
 * by {@link io.github.aobackgroundjobs.azure.testing.AzuriteExtension}. Testcontainers'
 * {@code AzuriteContainer} runs it when a Docker engine answers, the npm Azurite in local
 * processes otherwise ({@code backgroundjobs.azurite=docker|npm|auto}). A missing Azurite fails
 * the test with instructions; it never skips.
 *
 * <p>For: tests of applications on Azure Storage Queues, and this project's own Azure tests (test
 * scope). Stability: public API.
 */
package io.github.aobackgroundjobs.azure.testing;
