package io.github.aobackgroundjobs.dashboard;

import java.util.Objects;

/**
 * One piece of type-specific output a {@link JobRenderer} shows under a finished job: a link,
 * a download of the job's file, or a labelled text. The browser renders each as text or as a
 * link; nothing is ever inserted as HTML.
 *
 * @param kind {@code "link"}, {@code "download"} or {@code "text"}
 * @param label what the user reads
 * @param value the link target (relative to the dashboard, or an http(s) URL) or the text;
 *     empty for a download
 */
public record JobOutput(String kind, String label, String value) {

    /**
     * Validates the fields.
     * @param kind see {@link #kind()}
     * @param label see {@link #label()}
     * @param value see {@link #value()}
     */
    public JobOutput {
        Objects.requireNonNull(kind, "'kind' cannot be null.");
        Objects.requireNonNull(label, "'label' cannot be null.");
        Objects.requireNonNull(value, "'value' cannot be null.");
        if (!kind.equals("link") && !kind.equals("download") && !kind.equals("text")) {
            throw new IllegalArgumentException("'kind' must be link, download or text, not '" + kind + "'.");
        }
        if (kind.equals("link")
                && !(value.startsWith("https://")
                        || value.startsWith("http://")
                        || (!value.contains(":") && !value.startsWith("//")))) {
            throw new IllegalArgumentException("'value' of a link must be an http(s) URL or a relative path.");
        }
    }

    /**
     * A link the user can follow.
     *
     * @param label the link text
     * @param href an http(s) URL or a path relative to the dashboard
     * @return the output
     */
    public static JobOutput link(String label, String href) {
        return new JobOutput("link", label, href);
    }

    /**
     * A link to the job's download, served (to the job's owner only) from
     * {@link JobRenderer#download}.
     *
     * @param label the link text, e.g. "Download"
     * @return the output
     */
    public static JobOutput download(String label) {
        return new JobOutput("download", label, "");
    }

    /**
     * A labelled value shown as text.
     *
     * @param label the label
     * @param text the text
     * @return the output
     */
    public static JobOutput text(String label, String text) {
        return new JobOutput("text", label, text);
    }
}
