package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobSerializerTest {

    private final JobSerializer serializer = JobSerializer.defaults();

    public record ZipRequest(String container, String prefix, Instant notBefore, int maxFiles) {}

    public static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("cannot read value");
        }
    }

    @Test
    void aRequestRoundTripsWithTimesAsIsoText() {
        ZipRequest request = new ZipRequest("files", "reports/", Instant.parse("2026-03-01T12:00:00Z"), 10);

        String json = serializer.toJson(request, "request");

        assertThat(json).contains("\"notBefore\":\"2026-03-01T12:00:00Z\"");
        assertThat(serializer.fromJson(json, ZipRequest.class, "request")).isEqualTo(request);
    }

    @Test
    void jsonThatDoesNotFitTheClassIsRejectedNamingTheField() {
        assertThatThrownBy(() -> serializer.fromJson(
                        "{\"container\":\"c\",\"prefix\":\"p\",\"maxFiles\":1,\"extra\":1}",
                        ZipRequest.class,
                        "requestData"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestData'")
                .hasMessageContaining("extra");
        assertThatThrownBy(() -> serializer.fromJson("{\"container\":\"c\"}", ZipRequest.class, "requestData"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestData'");
        assertThatThrownBy(() -> serializer.fromJson(
                        "{\"container\":\"c\",\"prefix\":\"p\",\"maxFiles\":1} []", ZipRequest.class, "requestData"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestData'");
        assertThatThrownBy(() -> serializer.fromJson("not json", ZipRequest.class, "requestData"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'requestData'");
        assertThatThrownBy(() -> serializer.fromJson(null, ZipRequest.class, "requestData"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'requestData' is missing.");
    }

    @Test
    void aValueThatCannotBeWrittenIsRejectedNamingTheField() {
        assertThatThrownBy(() -> serializer.toJson(new Unwritable(), "result"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'result'")
                .hasMessageContaining("cannot read value");
    }

    @Test
    void requestAndResultAreReadBackTyped() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setRequestData("{\"container\":\"c\",\"prefix\":\"p\",\"notBefore\":null,\"maxFiles\":3}");

        assertThat(serializer.readRequest(job, ZipRequest.class)).isEqualTo(new ZipRequest("c", "p", null, 3));
        assertThat(serializer.readResult(job, String.class)).isEmpty();
        job.setResultData("\"https://example.org/a.zip\"");
        assertThat(serializer.readResult(job, String.class)).contains("https://example.org/a.zip");
    }

    @Test
    void errorsRoundTripAndUnreadableErrorDataIsStillShown() {
        Exception error = new IllegalStateException("outer", new java.io.IOException("inner"));
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setExceptionData(serializer.errorJson(ErrorInfo.of(error, "executing", 2)));

        ErrorInfo read = serializer.readError(job).orElseThrow();
        assertThat(read.type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(read.message()).isEqualTo("outer");
        assertThat(read.messages())
                .containsExactly("java.lang.IllegalStateException: outer", "java.io.IOException: inner");
        assertThat(read.context()).isEqualTo("executing");
        assertThat(read.attempt()).isEqualTo(2);
        assertThat(read.stackTrace()).contains("JobSerializerTest");

        job.setExceptionData("plain text from an older version");
        assertThat(serializer.readError(job)).hasValueSatisfying(e -> {
            assertThat(e.message()).isEqualTo("plain text from an older version");
            assertThat(e.context()).isEqualTo("unreadable");
        });
        job.setExceptionData(null);
        assertThat(serializer.readError(job)).isEmpty();
    }

    @Test
    void aCallersMapperIsUsedAsGiven() {
        ObjectMapper mapper = new ObjectMapper();
        JobSerializer custom = JobSerializer.of(mapper);

        assertThat(custom.mapper()).isSameAs(mapper);
        assertThat(custom.fromJson("{\"a\":1}", java.util.Map.class, "x").get("a"))
                .isEqualTo(1);
        assertThatThrownBy(() -> JobSerializer.of(null)).hasMessage("'mapper' cannot be null.");
    }
}
