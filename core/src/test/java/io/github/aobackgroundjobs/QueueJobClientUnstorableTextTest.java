package io.github.aobackgroundjobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A user name or request type no database can store (NUL, an unpaired surrogate) is refused by
 * {@link QueueJobClient#queueJob} with an {@link IllegalArgumentException} naming the field,
 * before anything is written: no record, no message. (Without the check, PostgreSQL refused the
 * insert with its driver's own error.)
 */
class QueueJobClientUnstorableTextTest {

    /** A request. */
    public record Ping(String text) {}

    private final SettableClock clock = new SettableClock(Instant.parse("2026-11-29T00:00:00Z"), ZoneOffset.UTC);
    private final InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
    private final InMemoryJobQueue queue = new InMemoryJobQueue(clock);
    private final AtomicInteger sends = new AtomicInteger();
    private final AtomicInteger published = new AtomicInteger();
    private final QueueJobClient<Long> client;

    QueueJobClientUnstorableTextTest() {
        queue.addSendListener(name -> sends.incrementAndGet());
        repository.updates().addListener(job -> published.incrementAndGet());
        client = QueueJobClient.builder(repository, queue).clock(clock).build();
    }

    @Test
    void aNulInTheUserNameIsRefusedBeforeAnyWrite() {
        assertThatThrownBy(() -> client.queueJob("work", "ali\u0000ce", new Ping("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'userName' cannot contain the NUL character (U+0000), at index 3.");
        assertNothingWritten();
    }

    @Test
    void aNulOrUnpairedSurrogateInTheRequestTypeIsRefusedBeforeAnyWrite() {
        assertThatThrownBy(() -> client.queueJob("work", "alice", "Ping\u0000", new Ping("x"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'requestType' cannot contain");
        assertThatThrownBy(() -> client.queueJob("work", "alice", "Ping\udc00", new Ping("x"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'requestType' cannot contain");
        assertNothingWritten();
    }

    @Test
    void anUnpairedSurrogateInTheUserNameIsRefusedButAPairIsKept() {
        assertThatThrownBy(() -> client.queueJob("work", "alice\ud83d", new Ping("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'userName' cannot contain an unpaired surrogate (U+D83D), at index 5.");
        assertNothingWritten();

        Long id = client.queueJob("work", "alice \ud83d\ude00", new Ping("x"));
        assertThat(repository.getJob(id).getUserName()).isEqualTo("alice \ud83d\ude00");
        assertThat(repository.size()).isEqualTo(1);
        assertThat(sends.get()).isEqualTo(1);
    }

    @Test
    void aRecordInsertedDirectlyIsCheckedToo() {
        BackgroundJobInfo<Long> job = new BackgroundJobInfo<>();
        job.setUserName("\u0000");
        job.setRequestType("Ping");
        job.setRequestData("{}");
        job.setQueueName("work");
        job.setCreated(clock.instant());
        assertThatThrownBy(() -> repository.insert(job))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'userName' cannot contain the NUL character");
        assertNothingWritten();
    }

    private void assertNothingWritten() {
        assertThat(repository.size()).as("records").isZero();
        assertThat(sends.get()).as("messages sent").isZero();
        assertThat(published.get()).as("updates published").isZero();
        assertThat(queue.approximateLength("work")).hasValue(0);
    }
}
