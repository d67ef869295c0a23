package io.github.aobackgroundjobs.internal;

/** Text helpers for error messages. */
public final class Text {

    private Text() {}

    /**
     * @param text any text
     * @return the text cut to 64 characters, so that an error message quoting input stays short
     */
    public static String abbreviate(String text) {
        return text.length() <= 64 ? text : text.substring(0, 61) + "...";
    }
}
