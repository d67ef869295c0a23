package io.github.aobackgroundjobs.spi;

import io.github.aobackgroundjobs.BackgroundJobInfo;
import io.github.aobackgroundjobs.JobStatus;
import io.github.aobackgroundjobs.internal.Text;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The checks every new record passes before anything is written, so that every repository
 * rejects the same input with the same message.
 *
 * <p>Text that is stored ({@link #requireUserName}, {@link #requireRequestType}) must also be
 * text every database can hold as given: PostgreSQL refuses NUL (U+0000) in text, and a UTF-8
 * database silently replaces an unpaired surrogate with {@code ?}, which would give a job to a
 * user name nobody has. Filters ({@link #requireUserNameFilter}, {@link #requireRequestTypeFilter})
 * may hold such characters: no record can, so they match nothing.
 */
public final class JobValidation {

    /** Azure Storage queue names: 3-63 lowercase letters, digits and single hyphens, no hyphen at either end. */
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");

    /** Names already found valid: an app uses a handful of queues, and the regex is on the hot path. */
    private static final Set<String> VALID_QUEUE_NAMES = ConcurrentHashMap.newKeySet();

    private static final int MAX_REMEMBERED_QUEUE_NAMES = 1024;

    /** The suffix of a queue's poison queue, as the Azure Functions host names it. */
    public static final String POISON_SUFFIX = "-poison";

    /** Longest job queue name: 63 (Azure's limit) less the poison suffix. */
    public static final int MAX_JOB_QUEUE_NAME_LENGTH = 56;

    private JobValidation() {}

    /**
     * Checks a user name a record is saved with.
     *
     * @param userName the value
     * @return the value
     * @throws IllegalArgumentException if null, blank, longer than {@value BackgroundJobInfo#MAX_USER_NAME_LENGTH},
     *     or containing NUL (U+0000) or an unpaired surrogate
     */
    public static String requireUserName(String userName) {
        return requireStorable("userName", requireText("userName", userName, BackgroundJobInfo.MAX_USER_NAME_LENGTH));
    }

    /**
     * Checks a request type name a record is saved with.
     *
     * @param requestType the value
     * @return the value
     * @throws IllegalArgumentException if null, blank, longer than {@value BackgroundJobInfo#MAX_REQUEST_TYPE_LENGTH},
     *     or containing NUL (U+0000) or an unpaired surrogate
     */
    public static String requireRequestType(String requestType) {
        return requireStorable(
                "requestType", requireText("requestType", requestType, BackgroundJobInfo.MAX_REQUEST_TYPE_LENGTH));
    }

    /**
     * Checks a user name that selects records (a query filter or lookup). Unlike
     * {@link #requireUserName}, it may contain characters no record can hold; it then matches
     * nothing.
     *
     * @param userName the value
     * @return the value
     * @throws IllegalArgumentException if null, blank or longer than {@value BackgroundJobInfo#MAX_USER_NAME_LENGTH}
     */
    public static String requireUserNameFilter(String userName) {
        return requireText("userName", userName, BackgroundJobInfo.MAX_USER_NAME_LENGTH);
    }

    /**
     * Checks a request type that selects records (a query filter). Unlike
     * {@link #requireRequestType}, it may contain characters no record can hold; it then
     * matches nothing.
     *
     * @param requestType the value
     * @return the value
     * @throws IllegalArgumentException if null, blank or longer than {@value BackgroundJobInfo#MAX_REQUEST_TYPE_LENGTH}
     */
    public static String requireRequestTypeFilter(String requestType) {
        return requireText("requestType", requestType, BackgroundJobInfo.MAX_REQUEST_TYPE_LENGTH);
    }

    /**
     * Checks the name of a queue jobs are queued on and run from: Azure Storage's rules (which
     * the in-memory queue applies too, so that code tested in memory works on Azure), and at most
     * {@link #MAX_JOB_QUEUE_NAME_LENGTH} (56) characters, so that its poison queue
     * ({@code <name>-poison}) fits Azure's 63. The client, the worker builder and the Azure
     * {@code QueueManager} check every job queue name with it before anything is written.
     *
     * @param queueName the value
     * @return the value
     * @throws IllegalArgumentException naming the rule it breaks
     */
    public static String requireQueueName(String queueName) {
        requireStorageQueueName(queueName);
        if (queueName.length() > MAX_JOB_QUEUE_NAME_LENGTH) {
            throw new IllegalArgumentException("'queueName' '" + Text.abbreviate(queueName) + "' is "
                    + queueName.length() + " characters long; a job queue name has at most "
                    + MAX_JOB_QUEUE_NAME_LENGTH + ", so that its poison queue '<name>" + POISON_SUFFIX
                    + "' fits the 63 characters Azure allows.");
        }
        return queueName;
    }

    /**
     * Checks a queue name against Azure Storage's rules only: 3-63 lowercase letters, digits and
     * single hyphens, starting and ending with a letter or digit. Queue implementations check
     * every name they open with it, poison queues included.
     *
     * @param queueName the value
     * @return the value
     * @throws IllegalArgumentException if it breaks the rules
     */
    public static String requireStorageQueueName(String queueName) {
        if (queueName == null) {
            throw new IllegalArgumentException("'queueName' cannot be null.");
        }
        if (VALID_QUEUE_NAMES.contains(queueName)) {
            return queueName;
        }
        if (!QUEUE_NAME.matcher(queueName).matches()) {
            throw new IllegalArgumentException("'queueName' '" + Text.abbreviate(queueName)
                    + "' is not a valid queue name: 3-63 lowercase letters, digits and single hyphens,"
                    + " starting and ending with a letter or digit.");
        }
        if (VALID_QUEUE_NAMES.size() < MAX_REMEMBERED_QUEUE_NAMES) {
            VALID_QUEUE_NAMES.add(queueName);
        }
        return queueName;
    }

    /**
     * Checks a record about to be inserted: the fields every record needs (user name, request
     * type, queue name, request data, created, status PENDING), and the range of the counters and
     * the lease owner where set (attempts, send count and version not negative, progress percent
     * 0..100, a lease owner as {@link #requireLeaseOwner}). Other fields are not checked: a record
     * made by {@code QueueJobClient} has attempts 0, send count 0, version 0, no sent-at, lease or
     * progress, and is not cleared; a repository's own tests may insert other values to set up a
     * state.
     *
     * @param job the record
     * @throws IllegalArgumentException naming the first field that is missing or invalid (a user name or
     *     request type containing NUL or an unpaired surrogate is invalid)
     */
    public static void validateNewJob(BackgroundJobInfo<?> job) {
        if (job == null) {
            throw new IllegalArgumentException("'job' cannot be null.");
        }
        requireUserName(job.getUserName());
        requireRequestType(job.getRequestType());
        requireQueueName(job.getQueueName());
        if (job.getRequestData() == null) {
            throw new IllegalArgumentException("'requestData' cannot be null.");
        }
        if (job.getCreated() == null) {
            throw new IllegalArgumentException("'created' cannot be null.");
        }
        if (job.getStatus() != JobStatus.PENDING) {
            throw new IllegalArgumentException("'status' of a new job must be PENDING, not " + job.getStatus() + ".");
        }
        notNegative("attempts", job.getAttempts());
        notNegative("sendCount", job.getSendCount());
        notNegative("version", job.getVersion());
        Integer percent = job.getProgressPercent();
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new IllegalArgumentException("'progressPercent' must be between 0 and 100, not " + percent + ".");
        }
        if (job.getLeaseOwner() != null) {
            requireLeaseOwner(job.getLeaseOwner());
        }
    }

    /**
     * Checks a lease owner (a worker's id) that a claim stores and later writes compare.
     *
     * @param owner the value
     * @return the value
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if blank, longer than {@value BackgroundJobInfo#MAX_LEASE_OWNER_LENGTH}
     *     characters, or containing NUL (U+0000) or an unpaired surrogate
     */
    public static String requireLeaseOwner(String owner) {
        java.util.Objects.requireNonNull(owner, "'owner' cannot be null.");
        if (owner.isBlank() || owner.length() > BackgroundJobInfo.MAX_LEASE_OWNER_LENGTH) {
            throw new IllegalArgumentException("'owner' must be 1 to " + BackgroundJobInfo.MAX_LEASE_OWNER_LENGTH
                    + " characters, not " + owner.length() + ".");
        }
        return requireStorable("owner", owner);
    }

    /**
     * The progress message as every repository stores it: at most
     * {@value BackgroundJobInfo#MAX_PROGRESS_MESSAGE_LENGTH} characters (199 where the 200th would
     * split a surrogate pair, an emoji, in two), with each NUL (U+0000) and unpaired surrogate
     * replaced by U+FFFD, which every database holds as given (PostgreSQL refuses NUL in text, a
     * UTF-8 database turns an unpaired surrogate into {@code ?}). A progress message is never
     * refused: it is shown to the user, not read back by code.
     *
     * @param message the message, or null
     * @return the message to store, null for null
     */
    public static String storableProgressMessage(String message) {
        if (message == null) {
            return null;
        }
        int max = BackgroundJobInfo.MAX_PROGRESS_MESSAGE_LENGTH;
        String cut = message;
        if (message.length() > max) {
            boolean splitsPair =
                    Character.isHighSurrogate(message.charAt(max - 1)) && Character.isLowSurrogate(message.charAt(max));
            cut = message.substring(0, splitsPair ? max - 1 : max);
        }
        StringBuilder clean = null;
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            boolean bad;
            if (c == '\u0000') {
                bad = true;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < cut.length()
                    && Character.isLowSurrogate(cut.charAt(i + 1))) {
                if (clean != null) {
                    clean.append(c).append(cut.charAt(i + 1));
                }
                i++;
                continue;
            } else {
                bad = Character.isSurrogate(c);
            }
            if (bad && clean == null) {
                clean = new StringBuilder(cut.length()).append(cut, 0, i);
            }
            if (clean != null) {
                clean.append(bad ? '\uFFFD' : c);
            }
        }
        return clean == null ? cut : clean.toString();
    }

    private static void notNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException("'" + field + "' cannot be negative, not " + value + ".");
        }
    }

    private static String requireText(String field, String value, int maxLength) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' cannot be null.");
        }
        if (value.isBlank()) {
            throw new IllegalArgumentException("'" + field + "' cannot be blank.");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException("'" + field + "' is " + value.length() + " characters long; at most "
                    + maxLength + " are allowed.");
        }
        return value;
    }

    /**
     * Checks that a text can be stored as given by every database the library supports: no NUL
     * character (U+0000), which PostgreSQL refuses in text, and no unpaired surrogate (half of a
     * character cut in two, e.g. by a length limit inside an emoji), which a UTF-8 database
     * silently stores as {@code ?}. The library applies it to the user name, the request type and
     * the lease owner; an application can apply it to text of its own stored beside a job (an
     * order's item, a file name), so that both are refused alike.
     *
     * <p>Thread-safe and free of side effects.
     *
     * @param field the name of the value, used in the message (e.g. {@code "item"})
     * @param value the text to check
     * @return {@code value}
     * @throws NullPointerException if {@code field} or {@code value} is null
     * @throws IllegalArgumentException naming {@code field} and the index of the first offending
     *     character, e.g. {@code 'item' cannot contain an unpaired surrogate (U+D83D), at index 7.}
     */
    public static String requireStorable(String field, String value) {
        java.util.Objects.requireNonNull(field, "'field' cannot be null.");
        java.util.Objects.requireNonNull(value, () -> "'" + field + "' cannot be null.");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw new IllegalArgumentException(
                        "'" + field + "' cannot contain the NUL character (U+0000)," + " at index " + i + ".");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException("'" + field + "' cannot contain an unpaired surrogate"
                            + " (U+" + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + "), at index "
                            + i + ".");
                }
                i++;
            }
        }
        return value;
    }
}
