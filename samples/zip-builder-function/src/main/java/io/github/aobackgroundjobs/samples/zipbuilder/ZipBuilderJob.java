package io.github.aobackgroundjobs.samples.zipbuilder;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The original's sample job: zips up to {@value #MAX_FILES} blobs under a prefix (skipping
 * {@code .zip} files), uploads the archive to the same container under a random 8-character
 * name ({@code xxxxxxxx.zip}) with content type {@code application/zip}, and returns a
 * read-only SAS URL valid for 3 days. Progress is reported per file. Each status change is
 * posted, signed, to the status webhook when one is configured.
 *
 * <p>A missing container or a prefix with nothing to zip fails the job with a clear message;
 * those are never retried (see {@link ZipBuilderApp}'s retry policy).
 */
public class ZipBuilderJob extends BackgroundJobBase<Long, ZipRequest, ZipResult> {

    /** Most blobs put in one archive. */
    public static final int MAX_FILES = 10;
    /** How long the archive's URL works. */
    public static final Duration URL_LIFETIME = Duration.ofDays(3);

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BlobServiceClient blobs;
    private final WebhookNotifier<Long> statusWebhook;

    /**
     * @param repository the job records
     * @param blobs the storage account holding the containers
     * @param options clock, retry policy, ...
     * @param statusWebhook where status changes are posted, or null for none
     */
    public ZipBuilderJob(
            JobRepositoryBase<Long> repository,
            BlobServiceClient blobs,
            JobOptions options,
            WebhookNotifier<Long> statusWebhook) {
        super(repository, ZipRequest.class, ZipResult.class, options);
        this.blobs = Objects.requireNonNull(blobs, "'blobs' cannot be null.");
        this.statusWebhook = statusWebhook;
    }

    @Override
    protected ZipResult onExecute(ZipRequest request, JobContext<Long> context) throws Exception {
        BlobContainerClient container = blobs.getBlobContainerClient(request.containerName());
        if (!container.exists()) {
            throw new IllegalArgumentException("Container '" + request.containerName() + "' does not exist.");
        }
        List<BlobItem> files = new ArrayList<>();
        for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(request.blobPrefix()), null)) {
            if (!item.getName().toLowerCase(Locale.ROOT).endsWith(".zip")) {
                files.add(item);
                if (files.size() == MAX_FILES) {
                    break;
                }
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("Nothing to zip under prefix '" + request.blobPrefix()
                    + "' in container '" + request.containerName() + "' (.zip files are skipped).");
        }
        Path archive = Files.createTempFile("zip-builder-", ".zip");
        try {
            try (OutputStream out = Files.newOutputStream(archive);
                    ZipOutputStream zip = new ZipOutputStream(out)) {
                for (int i = 0; i < files.size(); i++) {
                    context.throwIfCancellationRequested();
                    String name = files.get(i).getName();
                    zip.putNextEntry(new ZipEntry(name));
                    try (InputStream in = container.getBlobClient(name).openInputStream()) {
                        in.transferTo(zip);
                    }
                    zip.closeEntry();
                    context.reportProgress((i + 1) * 100 / (files.size() + 1), "Added " + name);
                }
            }
            String blobName = randomName() + ".zip";
            BlobClient target = container.getBlobClient(blobName);
            try (InputStream in = Files.newInputStream(archive)) {
                target.uploadWithResponse(
                        new BlobParallelUploadOptions(in)
                                .setHeaders(new BlobHttpHeaders().setContentType("application/zip")),
                        null,
                        null);
            }
            Instant expiresAt = options().clock().instant().plus(URL_LIFETIME);
            String sas = target.generateSas(new BlobServiceSasSignatureValues(
                    expiresAt.atOffset(ZoneOffset.UTC), new BlobSasPermission().setReadPermission(true)));
            context.reportProgress(100, "Uploaded " + blobName);
            return new ZipResult(target.getBlobUrl() + "?" + sas, expiresAt, blobName);
        } finally {
            deleteQuietly(archive);
        }
    }

    @Override
    protected void onStatusUpdated(Long id, JobStatus status) {
        if (statusWebhook != null) {
            statusWebhook.notify(id, status, requestTypeName(), ZipBuilderApp.QUEUE);
        }
    }

    private static String randomName() {
        StringBuilder name = new StringBuilder(8);
        for (int i = 0; i < 8; i++) {
            name.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return name.toString();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temp file left behind is removed with the instance.
        }
    }
}
