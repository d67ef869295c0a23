package io.github.aobackgroundjobs.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator.Disposition;
import io.github.aobackgroundjobs.azure.testing.FunctionsHostSimulator.Invocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Messages that can never run, between good ones, through both hosts: each ends in
 * {@code <queue>-poison} byte-identical, its reason is logged (and on the record where one
 * exists), and the good jobs around them run.
 */
class MalformedMessagesTest {

    private final Azurite azurite = Azurite.shared();
    private final JobsOnAzure jobs = new JobsOnAzure(azurite, "bad");

    /** Queue text -> a fragment of the reason it is rejected for. */
    private Map<String, String> malformed() {
        // Records whose messages are sent below, among the bad ones.
        long otherType = insert("SomeoneElsesRequest", "{\"x\":1}");
        long badRequest = insert(jobs.job.requestTypeName(), "{\"sleepMillis\":\"soon\"}");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("%% not base64 %%", "neither a JSON job id nor base64");
        bad.put(b64("hello, world"), "not a JSON Long job id");
        bad.put(b64("{\"id\":42}"), "not a JSON Long job id");
        bad.put(b64("987654321"), "No job has id 987654321");
        bad.put(b64(Long.toString(otherType)), "'SomeoneElsesRequest' job");
        bad.put(b64(Long.toString(badRequest)), "cannot be read");
        bad.put("junk!".repeat(13_107) + "j", "characters long");
        bad.put(b64("junk ".repeat(9_830) + "ju"), "characters long");
        bad.put("", "empty");
        this.otherType = otherType;
        this.badRequest = badRequest;
        return bad;
    }

    private long otherType;
    private long badRequest;

    private long insert(String requestType, String requestJson) {
        Instant now = Instant.now();
        BackgroundJobInfo<Long> record = new BackgroundJobInfo<>();
        record.setUserName("alice");
        record.setRequestType(requestType);
        record.setRequestData(requestJson);
        record.setQueueName(jobs.queueName);
        record.setStatus(JobStatus.PENDING);
        record.setCreated(now);
        record.setUpdatedAt(now);
        record.setNextAttemptAt(now);
        return jobs.repository.insert(record).getId();
    }

    @Test
    void throughQueueWorker() {
        long before = jobs.queue(CountingJob.quick());
        Map<String, String> bad = malformed();
        bad.keySet().forEach(text -> jobs.queue.send(jobs.queueName, text, Duration.ZERO));
        long after = jobs.queue(CountingJob.quick());

        String log = captureStandardError(() -> {
            try (QueueWorker worker = jobs.worker().build().start()) {
                jobs.awaitAllDone(List.of(before, after), Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(30)).until(() -> jobs.length(jobs.poison()) == bad.size());
            }
        });

        assertThat(jobs.record(before).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(jobs.record(after).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertPoisonedByteIdentical(bad);
        assertThat(bad.values()).allSatisfy(reason -> assertThat(log).contains(reason));
        assertReasonsOnRecords();
        assertThat(jobs.length(jobs.queueName)).isZero();
    }

    @Test
    void throughTheFunctionsHost() {
        long before = jobs.queue(CountingJob.quick());
        Map<String, String> bad = malformed();
        bad.keySet().forEach(text -> jobs.queue.send(jobs.queueName, text, Duration.ZERO));
        long after = jobs.queue(CountingJob.quick());

        // The poison function would consume the poison queue; turned off so the test can read it.
        try (FunctionsHostSimulator host = jobs.functionsHost(azurite)
                .setting("AzureWebJobs.CountingJobPoison.Disabled", "true")
                .build()) {
            host.runUntilIdle(Duration.ofSeconds(40));

            assertThat(jobs.record(before).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(jobs.record(after).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertPoisonedByteIdentical(bad);
            assertReasonsOnRecords();
            List<Invocation> invocations = host.invocations();
            bad.forEach((text, reason) -> {
                List<Invocation> ofText = invocations.stream()
                        .filter(i -> text.equals(i.messageText()))
                        .toList();
                Invocation last = ofText.get(ofText.size() - 1);
                if (last.disposition() == Disposition.POISONED) {
                    // Text the host itself cannot base64-decode: every delivery fails, the host poisons it.
                    assertThat(ofText).hasSize(host.hostJson().maxDequeueCount());
                    assertThat(last.error()).hasMessageContaining("not a valid Base-64");
                } else {
                    // The adapter rejected it on the first delivery and returned normally. It sees the
                    // text after the host decoded it, so base64 of a non-id reads as a plain non-id.
                    String expected =
                            reason.equals("not a JSON Long job id") ? "neither a JSON job id nor base64" : reason;
                    assertThat(ofText).singleElement().satisfies(i -> {
                        assertThat(i.succeeded()).isTrue();
                        assertThat(String.join("\n", i.logLines()))
                                .contains("moved to '" + jobs.poison() + "'")
                                .contains(expected);
                    });
                }
            });
        }
    }

    private void assertPoisonedByteIdentical(Map<String, String> bad) {
        List<String> poisoned = jobs.drainTexts(jobs.poison(), Duration.ofSeconds(10));
        assertThat(utf8(poisoned)).containsExactlyInAnyOrderElementsOf(utf8(bad.keySet()));
    }

    private void assertReasonsOnRecords() {
        // A stray message of another kind's job is poisoned and leaves that job untouched.
        assertThat(jobs.record(otherType).getStatus()).isEqualTo(JobStatus.PENDING);
        assertThat(jobs.record(otherType).getExceptionData()).isNull();
        assertThat(jobs.record(badRequest).getStatus()).isEqualTo(JobStatus.ABORTED);
        assertThat(jobs.record(badRequest).getExceptionData()).contains("cannot be read");
        assertThat(jobs.job.totalRuns()).isEqualTo(2);
    }

    private static List<String> utf8(java.util.Collection<String> texts) {
        List<String> hex = new ArrayList<>();
        for (String text : texts) {
            hex.add(java.util.HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8)));
        }
        return hex;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** slf4j-simple writes to whatever System.err is at the time of each line. */
    private static String captureStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
