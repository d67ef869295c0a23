package io.github.aobackgroundjobs.dashboard;

import java.util.Objects;

/**
 * A file a job produced, served by the dashboard to the job's owner.
 *
 * @param fileName the name offered to the browser (characters other than letters, digits,
 *     {@code . _ -} are replaced)
 * @param contentType the media type, e.g. {@code application/zip}
 * @param content the bytes (not copied: do not change them afterwards)
 */
public record JobDownload(String fileName, String contentType, byte[] content) {

    /**
     * Validates and cleans the file name.
     * @param fileName see {@link #fileName()}
     * @param contentType see {@link #contentType()}
     * @param content see {@link #content()}
     */
    public JobDownload {
        Objects.requireNonNull(fileName, "'fileName' cannot be null.");
        Objects.requireNonNull(contentType, "'contentType' cannot be null.");
        Objects.requireNonNull(content, "'content' cannot be null.");
        fileName = fileName.replaceAll("[^A-Za-z0-9._-]", "_");
        if (fileName.isEmpty()) {
            throw new IllegalArgumentException("'fileName' cannot be empty.");
        }
    }
}
