package io.github.aobackgroundjobs.dashboard.support;

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
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds a real zip of generated files; the bytes travel in the result. */
public final class ZipJob extends BackgroundJobBase<Long, ZipJob.ZipRequest, ZipJob.ZipResult> {

    /**
     * @param files how many files to put in
     * @param stepMillis time per file
     */
    public record ZipRequest(int files, long stepMillis) {}

    /**
     * @param fileName the archive's name
     * @param zipBase64 the archive
     */
    public record ZipResult(String fileName, String zipBase64) {}

    public ZipJob(JobRepositoryBase<Long> repository, JobOptions options) {
        super(repository, ZipRequest.class, ZipResult.class, options);
    }

    @Override
    protected ZipResult onExecute(ZipRequest request, JobContext<Long> context) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 1; i <= request.files(); i++) {
                context.throwIfCancellationRequested();
                Thread.sleep(request.stepMillis());
                zip.putNextEntry(new ZipEntry("file-" + i + ".txt"));
                zip.write(("File " + i + " of job " + context.id() + "\n").getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
                context.reportProgress(i * 100 / request.files(), "zipped file " + i);
            }
        }
        return new ZipResult("job-" + context.id() + ".zip", Base64.getEncoder().encodeToString(bytes.toByteArray()));
    }

    /** The Download link and the file behind it. */
    public static JobRenderer<Long> renderer(JobSerializer serializer) {
        return new JobRenderer<>() {
            @Override
            public List<JobOutput> render(BackgroundJobInfo<Long> job) {
                return job.getResultData() == null ? List.of() : List.of(JobOutput.download("Download"));
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
