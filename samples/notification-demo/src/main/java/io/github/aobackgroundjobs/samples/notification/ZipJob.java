package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.BackgroundJobBase;
import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobContext;
import io.github.aobackgroundjobs.JobOptions;
import io.github.aobackgroundjobs.JobSerializer;
import io.github.aobackgroundjobs.dashboard.JobDownload;
import io.github.aobackgroundjobs.dashboard.JobOutput;
import io.github.aobackgroundjobs.dashboard.JobRenderer;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The original's zip builder, without blob storage: writes a few generated files into a real
 * zip archive and keeps its bytes in the job's result, which the dashboard's Download link
 * serves to the job's owner.
 */
final class ZipJob extends BackgroundJobBase<Long, ZipJob.ZipRequest, ZipJob.ZipResult> {

    /**
     * @param prefix the files' name prefix
     * @param files how many files (1..20)
     */
    record ZipRequest(String prefix, int files) {}

    /**
     * @param fileName the archive's name
     * @param size its size in bytes
     * @param zipBase64 the archive
     */
    record ZipResult(String fileName, int size, String zipBase64) {}

    private final Duration stepDelay;

    ZipJob(JobRepositoryBase<Long> repository, JobOptions options, Duration stepDelay) {
        super(repository, ZipRequest.class, ZipResult.class, options);
        this.stepDelay = stepDelay;
    }

    @Override
    protected ZipResult onExecute(ZipRequest request, JobContext<Long> context) throws Exception {
        if (request.files() < 1 || request.files() > 20) {
            throw new IllegalArgumentException("'files' must be between 1 and 20.");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 1; i <= request.files(); i++) {
                context.throwIfCancellationRequested();
                Thread.sleep(stepDelay.toMillis()); // stands in for fetching the file
                zip.putNextEntry(new ZipEntry(request.prefix() + "-" + i + ".csv"));
                StringBuilder csv = new StringBuilder("row,value\n");
                for (int row = 1; row <= 100; row++) {
                    csv.append(row).append(',').append(row * i).append('\n');
                }
                zip.write(csv.toString().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                context.reportProgress(i * 100 / request.files(), "added " + request.prefix() + "-" + i + ".csv");
            }
        }
        byte[] archive = bytes.toByteArray();
        return new ZipResult(
                request.prefix() + "-" + context.id() + ".zip",
                archive.length,
                Base64.getEncoder().encodeToString(archive));
    }

    /** The Download link under a finished zip job, and the file behind it. */
    static JobRenderer<Long> renderer(JobSerializer serializer) {
        return new JobRenderer<>() {
            @Override
            public List<JobOutput> render(BackgroundJobInfo<Long> job) {
                return serializer
                        .readResult(job, ZipResult.class)
                        .map(r -> List.of(JobOutput.download("Download"), JobOutput.text("Size", r.size() + " bytes")))
                        .orElse(List.of());
            }

            @Override
            public Optional<JobDownload> download(BackgroundJobInfo<Long> job) {
                return serializer
                        .readResult(job, ZipResult.class)
                        .map(r -> new JobDownload(
                                r.fileName(),
                                "application/zip",
                                Base64.getDecoder().decode(r.zipBase64())));
            }
        };
    }
}
