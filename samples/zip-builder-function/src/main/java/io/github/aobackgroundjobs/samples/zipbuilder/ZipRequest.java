package io.github.aobackgroundjobs.samples.zipbuilder;

/**
 * What to zip: the blobs of a container whose names start with a prefix.
 *
 * @param containerName the blob container
 * @param blobPrefix the name prefix, e.g. {@code reports/2026/}
 */
public record ZipRequest(String containerName, String blobPrefix) {}
