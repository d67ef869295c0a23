package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A job's error is kept within bounds whatever the exception carries. */
class ErrorInfoLimitsTest {

    @Test
    void aHugeMessageIsCutInTheMessageTheCausesAndTheTrace() {
        String huge = "m".repeat(2_000_000);
        ErrorInfo info = ErrorInfo.of(new IllegalStateException(huge, new RuntimeException(huge)), "executing", 1);
        assertThat(info.message()).hasSize(ErrorInfo.MAX_MESSAGE_LENGTH + " ... (cut)".length());
        assertThat(info.message()).endsWith(" ... (cut)");
        assertThat(info.messages())
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.length())
                        .isLessThanOrEqualTo(ErrorInfo.MAX_MESSAGE_LENGTH + " ... (cut)".length()));
        assertThat(info.stackTrace().length()).isLessThanOrEqualTo(ErrorInfo.MAX_STACK_TRACE_LENGTH + 20);
        assertThat(JobSerializer.defaults().errorJson(info).length()).isLessThan(40_000);
    }

    @Test
    void aCutNeverSplitsASurrogatePairAndShortMessagesStayWhole() {
        String emoji = "\uD83D\uDE00";
        String message = "a".repeat(ErrorInfo.MAX_MESSAGE_LENGTH - 1) + emoji + "tail";
        ErrorInfo info = ErrorInfo.of(new IllegalStateException(message), "executing", 1);
        assertThat(info.message()).isEqualTo("a".repeat(ErrorInfo.MAX_MESSAGE_LENGTH - 1) + " ... (cut)");
        assertThat(ErrorInfo.of(new IllegalStateException("short"), "executing", 1)
                        .message())
                .isEqualTo("short");
        assertThat(ErrorInfo.of(new IllegalStateException(), "executing", 1).message())
                .isNull();
    }

    @Test
    void aLongCauseChainKeepsItsOutermostCauses() {
        Throwable chain = new IllegalStateException("root");
        for (int i = 0; i < 100; i++) {
            chain = new RuntimeException("level " + i, chain);
        }
        ErrorInfo info = ErrorInfo.of(chain, "executing", 1);
        assertThat(info.messages()).hasSize(ErrorInfo.MAX_CAUSES);
        assertThat(info.messages().get(0)).isEqualTo("java.lang.RuntimeException: level 99");
    }
}
