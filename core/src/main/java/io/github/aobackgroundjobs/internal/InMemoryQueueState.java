package io.github.aobackgroundjobs.internal;

import io.github.aobackgroundjobs.spi.MessageReceiptExpiredException;
import io.github.aobackgroundjobs.spi.QueueMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The messages of one in-memory queue. Visible messages wait in insertion order; hidden ones
 * (delayed, or received and not yet timed out) in order of the time they become visible, and
 * move over when a receive finds that time has come. A message updated or deleted is taken out
 * of its ordered set at once, so the sets hold exactly the live messages and a queue under
 * steady load keeps a steady size (a lazily cleaned heap would hold every deleted message
 * until its visibility timeout passed).
 *
 * <p>Thread-safe: every method holds this object's lock.
 */
public final class InMemoryQueueState {

    private static final Comparator<Entry> BY_VISIBLE_AT = (a, b) -> {
        int c = a.visibleAt.compareTo(b.visibleAt);
        return c != 0 ? c : Long.compare(a.sequence, b.sequence);
    };

    private final String queueName;
    private final long idPrefix = ThreadLocalRandom.current().nextLong();
    private final Map<String, Entry> byId = new HashMap<>();
    private final TreeMap<Long, Entry> visible = new TreeMap<>();
    private final TreeSet<Entry> hidden = new TreeSet<>(BY_VISIBLE_AT);
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
        place(entry, delay.isZero() ? now : now.plus(delay), now);
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
        for (Entry first = hidden.isEmpty() ? null : hidden.first();
                first != null && !first.visibleAt.isAfter(now);
                first = hidden.isEmpty() ? null : hidden.first()) {
            hidden.pollFirst();
            first.inHidden = false;
            visible.put(first.sequence, first);
        }
        List<QueueMessage> out = new ArrayList<>(Math.min(max, visible.size()));
        Instant hiddenUntil = now.plus(visibilityTimeout);
        while (out.size() < max && !visible.isEmpty()) {
            Entry entry = visible.pollFirstEntry().getValue();
            entry.dequeueCount++;
            entry.receipt = newReceipt();
            place(entry, hiddenUntil, now);
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
        unplace(entry);
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
        unplace(entry);
    }

    /** @return the number of messages, visible or hidden */
    public synchronized int size() {
        return byId.size();
    }

    /** @return a copy of the texts of every message, visible or hidden */
    public synchronized java.util.Set<String> texts() {
        java.util.Set<String> texts = new java.util.HashSet<>(byId.size() * 2);
        for (Entry entry : byId.values()) {
            texts.add(entry.text);
        }
        return texts;
    }

    private Entry current(QueueMessage message) {
        Entry entry = byId.get(message.messageId());
        if (entry == null || entry.receipt == null || !entry.receipt.equals(message.popReceipt())) {
            throw new MessageReceiptExpiredException(queueName, message.messageId(), null);
        }
        return entry;
    }

    private void place(Entry entry, Instant visibleAt, Instant now) {
        entry.visibleAt = visibleAt;
        if (visibleAt.isAfter(now)) {
            entry.inHidden = true;
            hidden.add(entry);
        } else {
            visible.put(entry.sequence, entry);
        }
    }

    private void unplace(Entry entry) {
        if (entry.inHidden) {
            hidden.remove(entry);
            entry.inHidden = false;
        } else {
            visible.remove(entry.sequence);
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
        boolean inHidden;

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
}
