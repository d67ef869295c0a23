package io.github.aobackgroundjobs.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobValidationTest {

    @Test
    void userNameUpToFiftyCharactersIsAccepted() {
        assertThat(JobValidation.requireUserName("u".repeat(50))).hasSize(50);
        assertThatThrownBy(() -> JobValidation.requireUserName("u".repeat(51)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'userName' is 51 characters long; at most 50 are allowed.");
        assertThatThrownBy(() -> JobValidation.requireUserName(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'userName' cannot be null.");
        assertThatThrownBy(() -> JobValidation.requireUserName(" \t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'userName' cannot be blank.");
    }

    @Test
    void requestTypeUpToFiftyCharactersIsAccepted() {
        assertThat(JobValidation.requireRequestType("T".repeat(50))).hasSize(50);
        assertThatThrownBy(() -> JobValidation.requireRequestType("T".repeat(51)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestType'");
        assertThatThrownBy(() -> JobValidation.requireRequestType(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestType'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ali\u0000ce", "\u0000", "alice\u0000", "a\ud800", "\udc00b", "a\udc00\ud800b"})
    void textNoDatabaseCanStoreIsRejectedNamingTheField(String text) {
        assertThatThrownBy(() -> JobValidation.requireUserName(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'userName' cannot contain");
        assertThatThrownBy(() -> JobValidation.requireRequestType(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'requestType' cannot contain");
        BackgroundJobInfo<Long> job = valid();
        job.setUserName(text);
        assertThatThrownBy(() -> JobValidation.validateNewJob(job)).hasMessageStartingWith("'userName' cannot contain");
    }

    @Test
    void theMessageTellsWhichCharacterAndWhere() {
        assertThatThrownBy(() -> JobValidation.requireUserName("ali\u0000ce"))
                .hasMessage("'userName' cannot contain the NUL character (U+0000), at index 3.");
        assertThatThrownBy(() -> JobValidation.requireRequestType("Zip\ud800"))
                .hasMessage("'requestType' cannot contain an unpaired surrogate (U+D800), at index 3.");
    }

    @Test
    void anApplicationChecksTextOfItsOwnWithTheSameRule() {
        assertThat(JobValidation.requireStorable("item", "Kettle \ud83d\ude00")).isEqualTo("Kettle \ud83d\ude00");
        assertThat(JobValidation.requireStorable("item", "")).isEmpty();
        assertThatThrownBy(() -> JobValidation.requireStorable("item", "Kettle \ud83d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'item' cannot contain an unpaired surrogate (U+D83D), at index 7.");
        assertThatThrownBy(() -> JobValidation.requireStorable("fileName", "a\u0000.zip"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'fileName' cannot contain the NUL character (U+0000), at index 1.");
        assertThatThrownBy(() -> JobValidation.requireStorable("item", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'item' cannot be null.");
        assertThatThrownBy(() -> JobValidation.requireStorable(null, "x"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("'field' cannot be null.");
    }

    @Test
    void otherControlCharactersAndPairedSurrogatesAreStorable() {
        assertThat(JobValidation.requireUserName("tab\there\u0001\u007f")).isEqualTo("tab\there\u0001\u007f");
        assertThat(JobValidation.requireUserName("smile \ud83d\ude00")).isEqualTo("smile \ud83d\ude00");
        assertThat(JobValidation.requireRequestType("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    }

    @Test
    void filtersMayHoldWhatNoRecordCanButNotMore() {
        assertThat(JobValidation.requireUserNameFilter("ali\u0000ce")).isEqualTo("ali\u0000ce");
        assertThat(JobValidation.requireRequestTypeFilter("Zip\ud800")).isEqualTo("Zip\ud800");
        assertThatThrownBy(() -> JobValidation.requireUserNameFilter("u".repeat(51)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'userName'");
        assertThatThrownBy(() -> JobValidation.requireRequestTypeFilter(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'requestType' cannot be blank.");
        assertThat(JobQuery.builder()
                        .userName("\u0000")
                        .requestType("\ud800")
                        .build()
                        .userName())
                .isEqualTo("\u0000");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc",
                "zip-builder",
                "a1-b2-c3",
                "123",
                "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcd"
            })
    void azureQueueNamesAreAccepted(String name) {
        assertThat(JobValidation.requireQueueName(name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(ints = {57, 60, 63})
    void jobQueueNamesLeaveRoomForThePoisonSuffix(int length) {
        String name = "q".repeat(length);
        assertThat(JobValidation.requireStorageQueueName(name))
                .as("a storage queue (e.g. a poison queue) may have up to 63 characters")
                .isEqualTo(name);
        assertThatThrownBy(() -> JobValidation.requireQueueName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'")
                .hasMessageContaining("at most 56")
                .hasMessageContaining("-poison");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "ab",
                "Abc",
                "zip_builder",
                "-abc",
                "abc-",
                "a--b",
                "a b",
                "zip.builder",
                "\u00e4bc",
                "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl"
            })
    void otherQueueNamesAreRejected(String name) {
        assertThatThrownBy(() -> JobValidation.requireQueueName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'queueName'");
    }

    @Test
    void aNullQueueNameIsRejected() {
        assertThatThrownBy(() -> JobValidation.requireQueueName(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'queueName' cannot be null.");
    }

    @Test
    void aNewJobNeedsEveryRequiredField() {
        assertThatCode(() -> JobValidation.validateNewJob(valid())).doesNotThrowAnyException();
        assertThatThrownBy(() -> JobValidation.validateNewJob(null)).hasMessage("'job' cannot be null.");

        BackgroundJobInfo<Long> noData = valid();
        noData.setRequestData(null);
        assertThatThrownBy(() -> JobValidation.validateNewJob(noData)).hasMessageContaining("'requestData'");
        BackgroundJobInfo<Long> noCreated = valid();
        noCreated.setCreated(null);
        assertThatThrownBy(() -> JobValidation.validateNewJob(noCreated)).hasMessageContaining("'created'");
        BackgroundJobInfo<Long> badQueue = valid();
        badQueue.setQueueName("Bad");
        assertThatThrownBy(() -> JobValidation.validateNewJob(badQueue)).hasMessageContaining("'queueName'");
        BackgroundJobInfo<Long> done = valid();
        done.setStatus(JobStatus.SUCCEEDED);
        assertThatThrownBy(() -> JobValidation.validateNewJob(done))
                .hasMessageContaining("'status'")
                .hasMessageContaining("SUCCEEDED");
    }

    private static BackgroundJobInfo<Long> valid() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("alice");
        job.setRequestType("ZipRequest");
        job.setRequestData("{}");
        job.setQueueName("zip-builder");
        job.setCreated(Instant.parse("2026-01-01T00:00:00Z"));
        return job;
    }
}
