package io.github.aobackgroundjobs.azure.internal;

import java.util.regex.Pattern;

/** Azure Storage queue naming rules, checked before any call so the error names the field. */
public final class QueueNames {

    /** What the Functions host appends to a queue's name for its poison queue. */
    public static final String POISON_SUFFIX = "-poison";

    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9]|-(?!-))*[a-z0-9]");
    private static final int MIN_LENGTH = 3;
    private static final int MAX_LENGTH = 63;

    private QueueNames() {}

    /**
     * Checks a queue name against Azure's rules: 3 to 63 characters, lowercase letters, digits
     * and single hyphens, starting and ending with a letter or digit.
     *
     * @param queueName the name
     * @return the name
     * @throws IllegalArgumentException if it breaks a rule
     */
    public static String validate(String queueName) {
        if (queueName == null) {
            throw new IllegalArgumentException("'queueName' cannot be null.");
        }
        if (queueName.length() < MIN_LENGTH
                || queueName.length() > MAX_LENGTH
                || !VALID.matcher(queueName).matches()) {
            throw new IllegalArgumentException("'queueName' must be 3 to 63 lowercase letters, digits and single"
                    + " hyphens, starting and ending with a letter or digit: '" + queueName + "'.");
        }
        return queueName;
    }

    /**
     * @param queueName a valid name
     * @return whether it is itself a poison queue (no poison queue of its own is created)
     */
    public static boolean isPoison(String queueName) {
        return queueName.endsWith(POISON_SUFFIX);
    }

    /**
     * @param queueName a valid name that is not a poison queue
     * @return its poison queue's name
     * @throws IllegalArgumentException if the poison name would be too long
     */
    public static String poisonOf(String queueName) {
        String poison = queueName + POISON_SUFFIX;
        if (poison.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("'queueName' is too long for a poison queue '" + poison
                    + "' to exist: at most " + (MAX_LENGTH - POISON_SUFFIX.length()) + " characters.");
        }
        return poison;
    }
}
