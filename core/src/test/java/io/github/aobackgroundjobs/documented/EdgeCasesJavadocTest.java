package io.github.aobackgroundjobs.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.QueueJobClient;
import io.github.aobackgroundjobs.QueueWorker;
import io.github.aobackgroundjobs.memory.InMemoryJobQueue;
import io.github.aobackgroundjobs.memory.InMemoryJobRepository;
import io.github.aobackgroundjobs.spi.JobKeyType;
import io.github.aobackgroundjobs.webhook.WebhookNotifier;
import io.github.aobackgroundjobs.webhook.WebhookSignatures;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Edge cases of the core API's Javadoc: null arguments, records without ids, empty secrets, key text. */
class EdgeCasesJavadocTest {

    @Test
    void publishingARecordWithoutIdTellsTheListenersOfEveryChangeWhetherOrNotAJobIsWatched() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        List<BackgroundJobInfo<Long>> seen = new CopyOnWriteArrayList<>();
        repository.updates().addListener(seen::add);
        BackgroundJobInfo<Long> unsaved = new BackgroundJobInfo<>();
        unsaved.setUserName("alice");

        repository.updates().publish(unsaved);
        repository.updates().watch(1L, job -> {});
        repository.updates().publish(unsaved);

        assertThat(seen)
                .hasSize(2)
                .allSatisfy(job -> assertThat(job.getUserName()).isEqualTo("alice"));
        assertThatThrownBy(() -> repository.updates().publish(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'job'");
    }

    @Test
    void aWorkersCountOfANullOutcomeTypeIsRefusedNamingIt() {
        QueueWorker worker = QueueWorker.builder(new InMemoryJobQueue())
                .job("parcels", new ParcelJob(InMemoryJobRepository.withLongKeys()))
                .build();
        assertThatThrownBy(() -> worker.stats().outcomes(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'type'");
        worker.close();
    }

    @Test
    void anEmptySecretIsRefusedNamingItAndAnyOtherSignsAsDocumented() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> WebhookSignatures.sign(new byte[0], 1L, body))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'secret'");
        assertThatThrownBy(() -> WebhookSignatures.mac(null, 1L, body))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'secret'");
        assertThatThrownBy(() -> WebhookSignatures.mac(new byte[] {1}, 1L, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'body'");
        String signature = WebhookSignatures.sign(new byte[] {1}, 1L, body);
        assertThat(signature)
                .startsWith(WebhookSignatures.SCHEME_PREFIX)
                .hasSize(3 + 64)
                .matches("v1=[0-9a-f]{64}");
        assertThat(WebhookSignatures.mac(new byte[] {1}, 1L, body)).hasSize(32);
    }

    @Test
    void aKeyParsesBackFromItsTextFormAndAnythingElseIsRefused() {
        UUID uuid = UUID.randomUUID();
        assertThat(JobKeyType.UUID.parse(JobKeyType.UUID.format(uuid))).isEqualTo(uuid);
        assertThat(JobKeyType.LONG.parse(JobKeyType.LONG.format(42L))).isEqualTo(42L);
        assertThat(JobKeyType.LONG.javaType()).isEqualTo(Long.class);
        assertThatThrownBy(() -> JobKeyType.LONG.parse("forty-two"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("forty-two");
        assertThatThrownBy(() -> JobKeyType.UUID.parse("42"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("UUID");
        assertThatThrownBy(() -> JobKeyType.LONG.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'id'");
        assertThatThrownBy(() -> JobKeyType.LONG.format(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("'key'");
        assertThatThrownBy(() -> JobKeyType.LONG.cast(uuid)).isInstanceOf(ClassCastException.class);
        assertThat(JobStatus.valueOf("PENDING").isTerminal()).isFalse();
    }

    @Test
    void aNotificationQueuedAfterCloseIsDroppedAndCountedAndASecondCloseDoesNothing() {
        WebhookNotifier<Long> notifier = WebhookNotifier.<Long>builder(
                        URI.create("http://127.0.0.1:9/hooks"), "0123456789abcdef".getBytes(StandardCharsets.UTF_8))
                .build();
        notifier.close();

        notifier.notify(1L, JobStatus.RUNNING, "Parcel", "parcels");
        notifier.notify(null, JobStatus.RUNNING, null, null);
        notifier.close();

        assertThat(notifier.droppedCount()).isEqualTo(2);
        assertThat(notifier.pendingCount()).isZero();
        assertThat(notifier.sentCount()).isZero();
    }

    /** A request whose object graph loops back to itself. */
    public static final class Node {
        private Node next = this;

        public Node getNext() {
            return next;
        }

        public void setNext(Node next) {
            this.next = next;
        }
    }

    @Test
    void aRequestThatLoopsBackToItselfIsRefusedNamingItAndNothingIsWritten() {
        InMemoryJobRepository<Long> repository = InMemoryJobRepository.withLongKeys();
        QueueJobClient<Long> client =
                QueueJobClient.builder(repository, new InMemoryJobQueue()).build();
        Node first = new Node();
        Node second = new Node();
        first.setNext(second);
        second.setNext(first);

        assertThatThrownBy(() -> client.queueJob("parcels", "alice", first))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'request'");
        assertThat(repository.size()).isZero();
    }
}
