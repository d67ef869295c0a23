package io.github.aobackgroundjobs.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.spi.JobKeyType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobMessageCodecTest {

    private final JobMessageCodec<Long> longs = new JobMessageCodec<>(JobKeyType.LONG);
    private final JobMessageCodec<UUID> uuids = new JobMessageCodec<>(JobKeyType.UUID);

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aLongIdIsSentAsBase64OfItsJsonNumber() {
        assertThat(longs.encode(42L)).isEqualTo(base64("42"));
        assertThat(longs.decode(longs.encode(42L))).isEqualTo(42L);
        assertThat(longs.decode(longs.encode(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aLongIdIsReadFromEveryAcceptedForm() {
        assertThat(longs.decode("42")).isEqualTo(42L);
        assertThat(longs.decode("\"42\"")).isEqualTo(42L);
        assertThat(longs.decode(base64("\"42\""))).isEqualTo(42L);
        assertThat(longs.decode(" " + base64("42") + "\n")).isEqualTo(42L);
    }

    @Test
    void aUuidIdIsSentAsBase64OfItsJsonString() {
        UUID id = UUID.fromString("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        assertThat(uuids.encode(id)).isEqualTo(base64("\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\""));
        assertThat(uuids.decode(uuids.encode(id))).isEqualTo(id);
        assertThat(uuids.decode("\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"")).isEqualTo(id);
    }

    @Test
    void anEmptyMessageIsMalformed() {
        assertThatThrownBy(() -> longs.decode(""))
                .isInstanceOf(MalformedJobMessageException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> longs.decode(null))
                .isInstanceOf(MalformedJobMessageException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void textThatIsNeitherJsonNorBase64IsMalformed() {
        assertThatThrownBy(() -> longs.decode("not an id!"))
                .isInstanceOf(MalformedJobMessageException.class)
                .hasMessageContaining("neither a JSON job id nor base64")
                .hasMessageContaining("not an id!");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"hello world", "{\"id\":42}", "true", "null", "4.2", "\"abc\"", "[42]", "1e3", "042", "\" 42\""})
    void base64OfJsonThatIsNotALongIdIsMalformed(String json) {
        assertThatThrownBy(() -> longs.decode(base64(json)))
                .isInstanceOf(MalformedJobMessageException.class)
                .hasMessageContaining("not a JSON Long job id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "\"not-a-uuid\"", "{\"id\":\"3f2504e0-4f89-11d3-9a0c-0305e82c3301\"}"})
    void base64OfJsonThatIsNotAUuidIdIsMalformed(String json) {
        assertThatThrownBy(() -> uuids.decode(base64(json)))
                .isInstanceOf(MalformedJobMessageException.class)
                .hasMessageContaining("not a JSON UUID job id");
    }

    @Test
    void aNumberBeyondTheLongRangeIsMalformed() {
        assertThatThrownBy(() -> longs.decode(base64("9223372036854775808")))
                .isInstanceOf(MalformedJobMessageException.class);
        assertThatThrownBy(() -> longs.decode("99999999999999999999999"))
                .isInstanceOf(MalformedJobMessageException.class);
    }

    @Test
    void sixtyFourKibibytesOfJunkAreRejectedBeforeDecoding() {
        String junk = "A".repeat(64 * 1024);
        assertThatThrownBy(() -> longs.decode(junk))
                .isInstanceOf(MalformedJobMessageException.class)
                .hasMessageContaining(String.valueOf(64 * 1024))
                .hasMessageContaining("at most " + JobMessageCodec.MAX_TEXT_LENGTH);
    }

    @Test
    void theMessageQuotesTheTextShortened() {
        String long400 = "!".repeat(400);
        assertThatThrownBy(() -> longs.decode(long400))
                .isInstanceOf(MalformedJobMessageException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200).contains("..."));
    }

    @Test
    void signedNumbersAreNotJobIds() {
        for (String text : new String[] {
            "-5", "+5", "\"-5\"", "LTU=", Base64.getEncoder().encodeToString("\"+7\"".getBytes(StandardCharsets.UTF_8))
        }) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> longs.decode(text))
                    .as(text)
                    .isInstanceOf(MalformedJobMessageException.class);
        }
    }
}
