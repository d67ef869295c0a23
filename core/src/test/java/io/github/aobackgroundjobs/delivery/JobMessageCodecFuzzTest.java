package io.github.aobackgroundjobs.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.support.FuzzInputs;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the message parser with 20,000 seeded inputs per key type: it either returns an id
 * that encodes back to an equivalent message, or throws {@link MalformedJobMessageException};
 * nothing else escapes. Valid ids in every accepted shape always decode to themselves.
 */
class JobMessageCodecFuzzTest {

    private static final int CASES = 20_000;

    @Test
    void longKeysDecodeOrAreRejectedAsMalformed() {
        fuzz(new JobMessageCodec<>(JobKeyType.LONG), FuzzInputs.seeded(0x5eed_0001L));
    }

    @Test
    void uuidKeysDecodeOrAreRejectedAsMalformed() {
        fuzz(new JobMessageCodec<>(JobKeyType.UUID), FuzzInputs.seeded(0x5eed_0002L));
    }

    @Test
    void everyValidIdRoundTripsInEveryAcceptedShape() {
        FuzzInputs in = FuzzInputs.seeded(0x5eed_0003L);
        JobMessageCodec<Long> longs = new JobMessageCodec<>(JobKeyType.LONG);
        JobMessageCodec<UUID> uuids = new JobMessageCodec<>(JobKeyType.UUID);
        for (int i = 0; i < CASES; i++) {
            long id = in.interestingLong();
            if (id < 0) {
                // Ids come from an identity or sequence: a signed number is not one.
                long negative = id;
                assertThatThrownBy(() -> longs.decode(Long.toString(negative)))
                        .as("seed %d, id %d", in.seed(), id)
                        .isInstanceOf(MalformedJobMessageException.class);
                continue;
            }
            assertThat(longs.decode(longs.encode(id)))
                    .as("seed %d, id %d", in.seed(), id)
                    .isEqualTo(id);
            assertThat(longs.decode(Long.toString(id))).isEqualTo(id);
            assertThat(longs.decode("\"" + id + "\"")).isEqualTo(id);
            assertThat(longs.decode(" " + FuzzInputs.base64(Long.toString(id)) + "\n"))
                    .isEqualTo(id);
            UUID uuid = new UUID(in.random().nextLong(), in.random().nextLong());
            assertThat(uuids.decode(uuids.encode(uuid)))
                    .as("seed %d, id %s", in.seed(), uuid)
                    .isEqualTo(uuid);
            assertThat(uuids.decode("\"" + uuid + "\"")).isEqualTo(uuid);
        }
    }

    private static <K> void fuzz(JobMessageCodec<K> codec, FuzzInputs in) {
        int accepted = 0;
        for (int i = 0; i < CASES; i++) {
            String text = input(in, codec.keyType());
            K id;
            try {
                id = codec.decode(text);
            } catch (MalformedJobMessageException e) {
                assertThat(e.getMessage()).as("a rejection says why").isNotBlank();
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "seed " + in.seed() + ", case " + i + ": decode('" + text + "') threw an undocumented " + e, e);
            }
            accepted++;
            if (id == null) {
                fail("seed %d, case %d: decode('%s') returned null", in.seed(), i, text);
            }
            assertThat(codec.decode(codec.encode(id)))
                    .as("seed %d: re-encoded %s", in.seed(), id)
                    .isEqualTo(id);
        }
        assertThat(accepted)
                .as("some generated inputs are valid ids, so both paths are exercised")
                .isPositive();
    }

    private static String input(FuzzInputs in, JobKeyType<?> keyType) {
        return switch (in.nextInt(8)) {
            case 0 -> null;
            case 1 -> FuzzInputs.base64(in.text(80));
            case 2 -> FuzzInputs.base64(Long.toString(in.interestingLong()) + (in.chance(50) ? in.text(3) : ""));
            case 3 ->
                "\""
                        + (keyType == JobKeyType.UUID
                                ? mangle(in, UUID.randomUUID().toString())
                                : Long.toString(in.interestingLong()))
                        + "\"";
            case 4 -> FuzzInputs.base64("\"" + mangle(in, new UUID(in.random().nextLong(), 1).toString()) + "\"");
            case 5 -> in.text(JobMessageCodec.MAX_TEXT_LENGTH + 20);
            case 6 -> mangle(in, Long.toString(in.interestingLong()));
            default -> in.text(40);
        };
    }

    private static String mangle(FuzzInputs in, String valid) {
        if (valid.isEmpty() || in.chance(40)) {
            return valid;
        }
        StringBuilder s = new StringBuilder(valid);
        int at = in.nextInt(s.length());
        switch (in.nextInt(3)) {
            case 0 -> s.deleteCharAt(at);
            case 1 -> s.insert(at, in.text(2));
            default -> s.setCharAt(at, (char) (' ' + in.nextInt(95)));
        }
        return s.toString();
    }
}
