package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Half of a surrogate pair in a request or result (a text cut in the middle of an emoji) is
 * written as a JSON escape: a UTF-8 database stored it as {@code ?}, so the job read another
 * value than the one queued. The text is ASCII there, and reads back as the same characters.
 */
class JobSerializerSurrogateTest {

    /** A request. */
    public record Note(String text, List<String> tags) {}

    private final JobSerializer serializer = JobSerializer.defaults();

    @Test
    void unpairedSurrogatesAreEscapedAndReadBackUnchanged() {
        Note note = new Note("cut \ud83d here, \ude00 there, end \ud83d", List.of("\udfff", "ok \ud83d\ude00"));

        String json = serializer.toJson(note, "request");

        assertThat(json)
                .isEqualTo(
                        "{\"text\":\"cut \\ud83d here, \\ude00 there, end \\ud83d\",\"tags\":[\"\\udfff\",\"ok \ud83d\ude00\"]}");
        assertThat(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .isEqualTo(json);
        assertThat(serializer.fromJson(json, Note.class, "request")).isEqualTo(note);
    }

    @Test
    void aPairBackToBackWithAHalfKeepsThePairAsItIs() {
        Note note = new Note("\ud83d\ud83d\ude00\ude00", List.of());

        String json = serializer.toJson(note, "request");

        assertThat(json).isEqualTo("{\"text\":\"\\ud83d\ud83d\ude00\\ude00\",\"tags\":[]}");
        assertThat(serializer.fromJson(json, Note.class, "request")).isEqualTo(note);
    }

    @Test
    void aHalfInAPropertyNameIsRefusedNamingTheField() {
        Map<String, String> map = Map.of("k\udc01", "v");

        assertThatThrownBy(() -> serializer.toJson(map, "result"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'result' cannot be serialized to JSON that reads back: ")
                .hasMessageContaining("surrogate");
        Map<String, String> pair = Map.of("k\ud83d\ude00", "v");
        Map<?, ?> read = serializer.fromJson(serializer.toJson(pair, "result"), Map.class, "result");
        assertThat(read).isEqualTo(pair);
    }

    @Test
    void textWithoutHalvesIsTheMappersOwn() {
        Note note = new Note("plain, \u00e9, \ud83d\ude00 and a \u0000", List.of("x"));

        assertThat(serializer.toJson(note, "request"))
                .isEqualTo("{\"text\":\"plain, \u00e9, \ud83d\ude00 and a \\u0000\",\"tags\":[\"x\"]}");
    }

    @Test
    void anErrorMessageWithAHalfIsStoredEscaped() {
        String json = serializer.errorJson(ErrorInfo.reason("bad \udc00 input", "reason", 1));

        assertThat(json).contains("bad \\udc00 input").doesNotContain("\udc00");
        assertThat(serializer.fromJson(json, ErrorInfo.class, "exceptionData").message())
                .isEqualTo("bad \udc00 input");
    }
}
