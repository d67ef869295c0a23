package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aobackgroundjobs.delivery.JobMessageCodec;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.spi.JobValidation;
import io.github.aobackgroundjobs.spi.QueueMessage;
import io.github.aobackgroundjobs.support.FuzzInputs;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes {@link QueueJobClient#queueJob(String, String, String, Object, Duration)} with
 * 20,000 seeded argument combinations against an independent oracle of what is valid. A valid
 * combination is saved exactly as given and its id sent; an invalid one (including a user name
 * or request type no database can store: NUL, unpaired surrogates) throws
 * {@link IllegalArgumentException} naming the field, and neither a record nor a message
 * exists afterwards. No other exception escapes.
 */
class QueueJobClientFuzzTest {

    private static final int CASES = 20_000;

    /** A request that serializes. */
    public record Payload(String text, int number) {}

    /** A request that refers to itself: JSON cannot hold it. (A plain Object is fine: it is {}.) */
    public static final class Cycle {
        /** @return this */
        public Cycle getSelf() {
            return this;
        }
    }

    @Test
    void validArgumentsAreQueuedAndInvalidOnesLeaveNoTrace() {
        FuzzInputs in = FuzzInputs.seeded(0x5eed_0010L);
        SettableClock clock = new SettableClock(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        InMemoryJobQueue queue = new InMemoryJobQueue(clock);
        AtomicInteger sends = new AtomicInteger();
        queue.addSendListener(name -> sends.incrementAndGet());
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, queue).clock(clock).build();
        JobMessageCodec<Long> codec = new JobMessageCodec<>(JobKeyType.LONG);

        int accepted = 0;
        List<String> rejectedFields = new ArrayList<>();
        int unstorableRejected = 0;
        for (int i = 0; i < CASES; i++) {
            String queueName = queueName(in);
            String userName = in.nullableText(60);
            String requestType = in.nullableText(60);
            Object request = request(in);
            Duration delay = delay(in);
            String invalid = firstInvalid(queueName, userName, requestType, request, delay);
            int recordsBefore = repository.size();
            int sendsBefore = sends.get();
            String context = "seed " + in.seed() + ", case " + i;
            Long id;
            try {
                id = client.queueJob(queueName, userName, requestType, request, delay);
            } catch (IllegalArgumentException e) {
                assertThat(invalid)
                        .as("%s: rejected valid input: %s", context, e.getMessage())
                        .isNotNull();
                assertThat(e.getMessage()).as(context).contains("'" + invalid + "'");
                assertThat(repository.size()).as("%s: nothing saved", context).isEqualTo(recordsBefore);
                assertThat(sends.get()).as("%s: nothing sent", context).isEqualTo(sendsBefore);
                rejectedFields.add(invalid);
                if (e.getMessage().contains("NUL") || e.getMessage().contains("surrogate")) {
                    unstorableRejected++;
                }
                continue;
            } catch (RuntimeException e) {
                throw new AssertionError(context + ": undocumented " + e, e);
            }
            assertThat(invalid).as("%s: accepted invalid %s", context, invalid).isNull();
            accepted++;
            BackgroundJobInfo<Long> saved = repository.getJob(id);
            assertThat(saved.getQueueName()).isEqualTo(queueName);
            assertThat(saved.getUserName()).isEqualTo(userName);
            assertThat(saved.getRequestType()).isEqualTo(requestType);
            assertThat(saved.getStatus()).isEqualTo(JobStatus.PENDING);
            assertThat(saved.getNextAttemptAt()).isEqualTo(clock.instant().plus(delay));
            assertThat(sends.get()).as(context).isEqualTo(sendsBefore + 1);
            List<QueueMessage> sent = queue.receive(queueName, 1, Duration.ofSeconds(1));
            if (delay.isZero()) {
                assertThat(sent).hasSize(1);
                assertThat(codec.decode(sent.get(0).text())).isEqualTo(id);
                queue.delete(queueName, sent.get(0));
            }
        }
        assertThat(accepted).as("valid combinations were generated").isGreaterThan(CASES / 20);
        assertThat(unstorableRejected)
                .as("names no database can store were generated and refused")
                .isPositive();
        assertThat(rejectedFields)
                .as("every field was found invalid at least once")
                .contains("queueName", "userName", "requestType", "request", "delay");
    }

    private static String firstInvalid(
            String queueName, String userName, String requestType, Object request, Duration delay) {
        if (!validQueueName(queueName)) {
            return "queueName";
        }
        if (userName == null
                || userName.isBlank()
                || userName.length() > BackgroundJobInfo.MAX_USER_NAME_LENGTH
                || !storable(userName)) {
            return "userName";
        }
        if (requestType == null
                || requestType.isBlank()
                || requestType.length() > BackgroundJobInfo.MAX_REQUEST_TYPE_LENGTH
                || !storable(requestType)) {
            return "requestType";
        }
        if (request == null) {
            return "request";
        }
        if (delay == null || delay.isNegative() || delay.compareTo(Duration.ofDays(7)) > 0) {
            return "delay";
        }
        if (request instanceof Cycle) {
            return "request";
        }
        return null;
    }

    /**
     * No NUL and no unpaired surrogate, written out independently of the library: the text
     * survives a round trip through UTF-8 and holds no U+0000.
     */
    private static boolean storable(String text) {
        byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return text.indexOf(0) < 0 && new String(utf8, java.nio.charset.StandardCharsets.UTF_8).equals(text);
    }

    /** Azure's rule, written out independently of the library's regex. */
    private static boolean validQueueName(String name) {
        if (name == null || name.length() < 3 || name.length() > JobValidation.MAX_JOB_QUEUE_NAME_LENGTH) {
            return false;
        }
        if (name.startsWith("-") || name.endsWith("-") || name.contains("--")) {
            return false;
        }
        return name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
    }

    private static String queueName(FuzzInputs in) {
        return switch (in.nextInt(6)) {
            case 0 -> in.nullableText(70);
            case 1 -> "jobs-" + in.nextInt(1000);
            case 2 -> "q" + "-a".repeat(in.nextInt(40));
            default -> {
                String s = in.text(66).toLowerCase(java.util.Locale.ROOT);
                yield in.chance(50) ? s.replaceAll("[^a-z0-9-]", "") : s;
            }
        };
    }

    private static Object request(FuzzInputs in) {
        return switch (in.nextInt(8)) {
            case 0 -> null;
            case 1 -> new Object();
            case 2 -> new Cycle();
            case 3 -> in.text(100);
            default -> new Payload(in.text(200), in.random().nextInt());
        };
    }

    private static Duration delay(FuzzInputs in) {
        return switch (in.nextInt(8)) {
            case 0 -> null;
            case 1 -> Duration.ofMillis(-1 - in.nextInt(1000));
            case 2 -> Duration.ofDays(7).plusNanos(in.nextInt(2));
            case 3 -> Duration.ofSeconds(in.random().nextLong());
            case 4 -> Duration.ofSeconds(in.nextInt(3600));
            default -> Duration.ZERO;
        };
    }
}
