package io.github.aobackgroundjobs.samples.zipbuilder;

import java.time.Instant;

/**
 * The archive built.
 *
 * @param url a read-only SAS URL of the archive
 * @param expiresAt when the URL stops working
 * @param blobName the archive's blob name in the request's container
 */
public record ZipResult(String url, Instant expiresAt, String blobName) {}
