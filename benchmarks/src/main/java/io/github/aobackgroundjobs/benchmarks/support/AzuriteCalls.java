package io.github.aobackgroundjobs.benchmarks.support;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the HTTP requests a queue client sends to the storage service, by kind, so two
 * pipelines can be compared call for call. Added to the SDK's pipeline once per try (retries
 * count: each is a request the service has to answer). Thread-safe.
 */
public final class AzuriteCalls extends HttpPipelineSyncPolicy {

    /** The request kinds of the Queue service REST API the pipelines use. */
    public enum Kind {
        /** Create Queue (PUT on the queue; {@code createIfNotExists}). */
        CREATE,
        /** Get Queue Metadata (GET {@code ?comp=metadata}; the approximate length). */
        PROPERTIES,
        /** Put Message (POST on {@code /messages}). */
        SEND,
        /** Get Messages (GET on {@code /messages}) that returned at least one message. */
        RECEIVE,
        /** Get Messages that returned none: an idle poll. */
        RECEIVE_EMPTY,
        /** Update Message (PUT on {@code /messages/<id>}; visibility). */
        UPDATE,
        /** Delete Message (DELETE on {@code /messages/<id>}). */
        DELETE,
        /** Anything else. */
        OTHER
    }

    /** Each message of a Get Messages answer carries one. */
    private static final byte[] MESSAGE_ID = "<MessageId>".getBytes(StandardCharsets.US_ASCII);

    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);
    private final LongAdder failed = new LongAdder();
    private final LongAdder received = new LongAdder();

    /** Creates a counter with every count at zero. */
    public AzuriteCalls() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new LongAdder());
        }
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }

    @Override
    protected HttpResponse afterReceivedResponse(HttpPipelineCallContext context, HttpResponse response) {
        if (response.getStatusCode() >= 400) {
            failed.increment();
        }
        Kind kind = kindOf(context.getHttpRequest());
        if (kind != Kind.RECEIVE || response.getStatusCode() >= 300) {
            counts.get(kind).increment();
            return response;
        }
        // Azurite answers in chunks without a length: read the (small) body to count the
        // messages, and hand the SDK the buffered copy.
        HttpResponse buffered = response.buffer();
        int messages = occurrences(buffered.getBodyAsBinaryData().toBytes(), MESSAGE_ID);
        counts.get(messages == 0 ? Kind.RECEIVE_EMPTY : Kind.RECEIVE).increment();
        received.add(messages);
        return buffered;
    }

    private static int occurrences(byte[] text, byte[] word) {
        int count = 0;
        outer:
        for (int i = 0; i <= text.length - word.length; i++) {
            for (int j = 0; j < word.length; j++) {
                if (text[i + j] != word[j]) {
                    continue outer;
                }
            }
            count++;
        }
        return count;
    }

    private static Kind kindOf(HttpRequest request) {
        String path = request.getUrl().getPath();
        String query =
                request.getUrl().getQuery() == null ? "" : request.getUrl().getQuery();
        HttpMethod method = request.getHttpMethod();
        int messages = path.indexOf("/messages");
        if (messages < 0) {
            if (method == HttpMethod.PUT && !query.contains("comp=")) {
                return Kind.CREATE;
            }
            if (method == HttpMethod.GET && query.contains("comp=metadata")) {
                return Kind.PROPERTIES;
            }
            return Kind.OTHER;
        }
        boolean oneMessage = path.length() > messages + "/messages".length() + 1;
        if (method == HttpMethod.POST) {
            return Kind.SEND;
        }
        if (method == HttpMethod.GET && !query.contains("peekonly=true")) {
            return Kind.RECEIVE;
        }
        if (method == HttpMethod.PUT && oneMessage) {
            return Kind.UPDATE;
        }
        if (method == HttpMethod.DELETE && oneMessage) {
            return Kind.DELETE;
        }
        return Kind.OTHER;
    }

    /** @return the counts so far, by kind */
    public Map<Kind, Long> snapshot() {
        Map<Kind, Long> result = new EnumMap<>(Kind.class);
        counts.forEach((kind, count) -> result.put(kind, count.sum()));
        return result;
    }

    /** @return messages received so far (in RECEIVE answers) */
    public long received() {
        return received.sum();
    }

    /** @return answers with a 4xx or 5xx status so far */
    public long failed() {
        return failed.sum();
    }

    /** Sets every count back to zero. */
    public void reset() {
        counts.values().forEach(LongAdder::reset);
        failed.reset();
        received.reset();
    }
}
