package io.github.aobackgroundjobs.samples.quickstart.documented;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.samples.quickstart.QuickstartApp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * README.md: the quickstart "queues a few jobs and prints each status change, the progress, the
 * results, a retried job and a failed job's error".
 */
class QuickstartOutputTest {

    @Test
    void printsStatusChangesProgressResultsARetriedJobAndAFailedJobsError() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            QuickstartApp.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        assertThat(out)
                .as("status changes")
                .containsPattern("job \\d+ PENDING ")
                .containsPattern("job \\d+ RUNNING ")
                .containsPattern("job \\d+ SUCCEEDED ")
                .as("progress")
                .containsPattern("job \\d+ +progress +\\d+% ")
                .as("a retried job")
                .containsPattern("will retry: ")
                .containsPattern("SUCCEEDED after [2-9] attempt\\(s\\)")
                .as("the results")
                .contains("Results:")
                .contains("result: ")
                .as("a failed job's error")
                .containsPattern("job \\d+ FAILED ")
                .containsPattern("FAILED after \\d+ attempt\\(s\\)")
                .contains("error: ");
    }
}
