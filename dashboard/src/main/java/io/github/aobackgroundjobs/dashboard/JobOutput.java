package io.github.aobackgroundjobs.dashboard;

import io.github.aobackgroundjobs.dashboard.internal.LinkPolicy;
import java.util.Objects;

/**
 * One piece of type-specific output a {@link JobRenderer} shows under a finished job: a link,
 * a download of the job's file, or a labelled text. The browser renders each as text or as a
 * link; nothing is ever inserted as HTML.
 *
 * @param kind {@code "link"}, {@code "download"} or {@code "text"}
 * @param label what the user reads
 * @param value the link target or the text; empty for a download. A link target is a path on
 *     the dashboard's site ({@code /reports/1}, or relative to the dashboard: {@code reports/1})
 *     or an absolute http(s) URL; the page shows an absolute URL as a link only if its origin is
 *     on {@link Dashboard.Builder#linkOrigins}, and as text otherwise
 */
public record JobOutput(String kind, String label, String value) {

    /**
     * Validates the fields.
     *
     * @param kind see {@link #kind()}
     * @param label see {@link #label()}
     * @param value see {@link #value()}
     * @throws IllegalArgumentException if the kind is unknown or a link's target could lead
     *     off-site (see {@link #link})
     */
    public JobOutput {
        Objects.requireNonNull(kind, "'kind' cannot be null.");
        Objects.requireNonNull(label, "'label' cannot be null.");
        Objects.requireNonNull(value, "'value' cannot be null.");
        if (!kind.equals("link") && !kind.equals("download") && !kind.equals("text")) {
            throw new IllegalArgumentException("'kind' must be link, download or text, not '" + kind + "'.");
        }
        if (kind.equals("link")) {
            LinkPolicy.problem(value).ifPresent(problem -> {
                throw new IllegalArgumentException(
                        "'value' of a link must be a path on this site or an http(s) URL, but " + problem + ".");
            });
        }
    }

    /**
     * A link the user can follow.
     *
     * @param label the link text
     * @param href a path on the dashboard's site, or an http(s) URL (a link only if its origin
     *     is on {@link Dashboard.Builder#linkOrigins}, else shown as text)
     * @return the output
     * @throws IllegalArgumentException if the target could lead off-site in a browser: a
     *     backslash, a control character or space, a leading {@code //}, or a scheme other than
     *     http(s)
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
