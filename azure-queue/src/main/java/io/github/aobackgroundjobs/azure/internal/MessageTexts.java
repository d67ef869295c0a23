package io.github.aobackgroundjobs.azure.internal;

import io.github.aobackgroundjobs.spi.JobQueue;

/**
 * What an Azure Storage queue message can carry: the service takes the text inside an XML body,
 * so characters XML 1.0 cannot hold are refused by it (reported as a transport failure, which
 * hosts would retry for ever), and it limits the message to 64 KiB of UTF-8, not of characters.
 * Checked here, before the request, as bad input.
 */
public final class MessageTexts {

    private MessageTexts() {}

    /**
     * @param text a message text
     * @throws NullPointerException if null
     * @throws IllegalArgumentException naming {@code 'text'} if it holds a character XML 1.0
     *     cannot carry (a control character other than tab, line feed and carriage return,
     *     U+FFFE, U+FFFF, or half of a surrogate pair), or is longer than
     *     {@value JobQueue#MAX_MESSAGE_LENGTH} bytes in UTF-8
     */
    public static void requireSendable(String text) {
        if (text == null) {
            throw new NullPointerException("'text' cannot be null.");
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("'text' holds half of a surrogate pair (U+" + hex(c) + ") at index "
                        + i + "; an Azure queue message carries only whole characters.");
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) {
                throw new IllegalArgumentException("'text' holds U+" + hex(c) + " at index " + i
                        + ", which an Azure queue message (XML 1.0) cannot carry; encode the text, for example"
                        + " in base64.");
            }
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
        }
        if (bytes > JobQueue.MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("'text' is " + bytes + " bytes in UTF-8; at most "
                    + JobQueue.MAX_MESSAGE_LENGTH + " fit in an Azure queue message.");
        }
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
