package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.QueueMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The messages of one in-memory queue. Visible messages wait in a heap ordered by insertion;
 * hidden ones (delayed, or received and not yet timed out) in a heap ordered by the time they
 * become visible, and move over when a receive finds that time has come. A message changed or
 * deleted while in a heap leaves a stale slot behind, recognised by its stamp and skipped,
 * so no operation has to search a heap.
 *
 * <p>Thread-safe: every method holds this object's lock.
 */
public final class InMemoryQueueState {

    private static final Comparator<Slot> BY_INSERTION = Comparator.comparingLong(s -> s.entry.sequence);
    private static final Comparator<Slot> BY_VISIBLE_AT =
            Comparator.<Slot, Instant>comparing(s -> s.visibleAt).thenComparingLong(s -> s.entry.sequence);

    private final String queueName;
    private final long idPrefix = ThreadLocalRandom.current().nextLong();
    private final Map<String, Entry> byId = new HashMap<>();
    private final PriorityQueue<Slot> visible = new PriorityQueue<>(BY_INSERTION);
    private final PriorityQueue<Slot> hidden = new PriorityQueue<>(BY_VISIBLE_AT);
    private long sequence;

    /**
     * @param queueName the queue's name, for error messages
     */
    public InMemoryQueueState(String queueName) {
        this.queueName = queueName;
    }

    /**
     * Adds a message.
     *
     * @param text the text
     * @param now the time
     * @param delay how long it stays hidden
     * @return the message id
     */
    public synchronized String add(String text, Instant now, Duration delay) {
        long seq = ++sequence;
        Entry entry = new Entry(new UUID(idPrefix, seq).toString(), text, now, seq);
        byId.put(entry.id, entry);
        place(entry, now.plus(delay), now);
        return entry.id;
    }

    /**
     * Receives visible messages, oldest first, and hides them.
     *
     * @param max most messages to return
     * @param now the time
     * @param visibilityTimeout how long they stay hidden
     * @return the messages
     */
    public synchronized List<QueueMessage> receive(int max, Instant now, Duration visibilityTimeout) {
        for (Slot slot = hidden.peek(); slot != null && !slot.visibleAt.isAfter(now); slot = hidden.peek()) {
            hidden.poll();
            if (slot.isCurrent()) {
                visible.add(new Slot(slot.entry, slot.visibleAt));
            }
        }
        List<QueueMessage> out = new ArrayList<>(Math.min(max, visible.size()));
        while (out.size() < max && !visible.isEmpty()) {
            Slot slot = visible.poll();
            if (!slot.isCurrent()) {
                continue;
            }
            Entry entry = slot.entry;
            entry.dequeueCount++;
            entry.receipt = newReceipt();
            place(entry, now.plus(visibilityTimeout), now);
            out.add(entry.toMessage());
        }
        return out;
    }

    /**
     * Changes when a received message becomes visible, issuing a new receipt.
     *
     * @param message the message as last received or updated
     * @param now the time
     * @param visibilityTimeout from now
     * @return the message with its new receipt
     * @throws MessageReceiptExpiredException if the receipt is stale or the message gone
     */
    public synchronized QueueMessage updateVisibility(QueueMessage message, Instant now, Duration visibilityTimeout) {
        Entry entry = current(message);
        entry.receipt = newReceipt();
        place(entry, now.plus(visibilityTimeout), now);
        return entry.toMessage();
    }

    /**
     * Deletes a received message.
     *
     * @param message the message as last received or updated
     * @throws MessageReceiptExpiredException if the receipt is stale or the message gone
     */
    public synchronized void delete(QueueMessage message) {
        Entry entry = current(message);
        byId.remove(entry.id);
        entry.deleted = true;
        entry.stamp++;
    }

    /** @return the number of messages, visible or hidden */
    public synchronized int size() {
        return byId.size();
    }

    private Entry current(QueueMessage message) {
        Entry entry = byId.get(message.messageId());
        if (entry == null || entry.receipt == null || !entry.receipt.equals(message.popReceipt())) {
            throw new MessageReceiptExpiredException(queueName, message.messageId(), null);
        }
        return entry;
    }

    private void place(Entry entry, Instant visibleAt, Instant now) {
        entry.stamp++;
        entry.visibleAt = visibleAt;
        Slot slot = new Slot(entry, visibleAt);
        if (visibleAt.isAfter(now)) {
            hidden.add(slot);
        } else {
            visible.add(slot);
        }
    }

    private static String newReceipt() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    private static final class Entry {
        final String id;
        final String text;
        final Instant insertedAt;
        final long sequence;
        Instant visibleAt;
        long dequeueCount;
        String receipt;
        long stamp;
        boolean deleted;

        Entry(String id, String text, Instant insertedAt, long sequence) {
            this.id = id;
            this.text = text;
            this.insertedAt = insertedAt;
            this.sequence = sequence;
        }

        QueueMessage toMessage() {
            return new QueueMessage(id, receipt, text, dequeueCount, insertedAt, visibleAt);
        }
    }

    /** A place of an entry in a heap, valid while the entry's stamp is unchanged. */
    private static final class Slot {
        final Entry entry;
        final long stamp;
        final Instant visibleAt;

        Slot(Entry entry, Instant visibleAt) {
            this.entry = entry;
            this.stamp = entry.stamp;
            this.visibleAt = visibleAt;
        }

        boolean isCurrent() {
            return !entry.deleted && entry.stamp == stamp;
        }
    }
}
