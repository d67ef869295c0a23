package io.github.aobackgroundjobs.jdbc;

import io.github.aobackgroundjobs.JobStoreUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The H2 settings under which an H2 file database keeps every committed change when its process
 * is killed, and the shutdown that goes with them. Use the URL with a connection pool (HikariCP):
 *
 * <ul>
 *   <li>{@code DB_CLOSE_DELAY=-1}: H2 closes a database when its last connection closes; without
 *       this setting a database whose connections all went back would be closed, and reopened by
 *       the next call. The database now stays open until {@link #shutdown}.</li>
 *   <li>{@code WRITE_DELAY=0}: H2 writes a commit to the file up to {@code WRITE_DELAY} (500 ms)
 *       after the commit returned; a process killed in between loses it. With 0 the commit is in
 *       the file (the operating system's cache) when it returns.</li>
 *   <li>{@code MAX_COMPACT_TIME=0}: no compaction when the database closes. H2 2.3.232 can lose
 *       recent changes while it compacts at close (H2 issue 4247, fixed in 2.4.240).</li>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE}: H2's own shutdown hook does not close the database while
 *       the application's hooks may still write to it; the application calls
 *       {@link #shutdown} after its last write.</li>
 *   <li>H2's {@code async:} file system ({@link #FILE_SYSTEM}) for an embedded file: H2's default
 *       one writes through a {@code FileChannel}, which Java closes when the thread writing is
 *       interrupted; H2 then closes the whole database, for every connection of the process, until
 *       it is opened again. A worker's shutdown interrupts the jobs still running, and a job
 *       saving progress is often inside such a write. The {@code async:} file system writes
 *       through an {@code AsynchronousFileChannel}, which an interrupt does not close: the write
 *       completes and the thread keeps its interrupt flag. It opens the same {@code .mv.db} file,
 *       also one written without it.</li>
 * </ul>
 *
 * <p>What this does not cover: an operating system crash or a power failure. H2 does not flush
 * the file to the disk at each commit; the last second or so of commits can be lost then. Use
 * PostgreSQL where that matters. Only one process can open an H2 file database: another one is
 * refused with H2 error 90020 ("Database may be already in use") for as long as the first keeps it
 * open, which with these settings is until it shuts the database down or ends. Within one
 * process, H2 knows the database by its name with the file system: open it everywhere through
 * these URLs (an H2 TCP server serving it through {@code -key} maps the key to
 * {@code async:<path>}); a URL without {@code async:} for a file already open with it, or the
 * other way round, is refused with the same error 90020.
 *
 * <p>Stateless and thread-safe.
 */
public final class H2FileDatabase {

    /** H2's error code for a database file held open by another process. */
    public static final int DATABASE_ALREADY_OPEN = 90020;

    /**
     * The H2 file system prefix {@link #url} and {@link #durableUrl} give an embedded file
     * database's name ({@code jdbc:h2:file:async:<path>}): writes that a thread interrupt does not
     * turn into a closed database.
     */
    public static final String FILE_SYSTEM = "async:";

    private static final Map<String, String> DURABLE_SETTINGS = createSettings();

    private H2FileDatabase() {}

    private static Map<String, String> createSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("DB_CLOSE_DELAY", "-1");
        settings.put("WRITE_DELAY", "0");
        settings.put("MAX_COMPACT_TIME", "0");
        settings.put("DB_CLOSE_ON_EXIT", "FALSE");
        return Collections.unmodifiableMap(settings);
    }

    /**
     * The settings {@link #durableUrl} adds, in the order it adds them.
     *
     * @return setting name to value, unmodifiable
     */
    public static Map<String, String> settings() {
        return DURABLE_SETTINGS;
    }

    /**
     * The URL of an embedded H2 file database with the durable settings.
     *
     * @param file the database file without H2's {@code .mv.db} suffix, e.g. {@code data/jobs}
     *     for {@code data/jobs.mv.db}; made absolute
     * @return {@code jdbc:h2:file:async:<absolute path>;DB_CLOSE_DELAY=-1;WRITE_DELAY=0;...}
     * @throws IllegalArgumentException if the path names H2's file itself ({@code 'file'} ends in
     *     {@code .mv.db}) or contains {@code ;}
     */
    public static String url(Path file) {
        Objects.requireNonNull(file, "'file' cannot be null.");
        String path = file.toAbsolutePath().normalize().toString();
        if (path.endsWith(".mv.db")) {
            throw new IllegalArgumentException(
                    "'file' must be the database name without H2's .mv.db suffix, not " + path + ".");
        }
        if (path.indexOf(';') >= 0) {
            throw new IllegalArgumentException("'file' cannot contain ';': " + path + ".");
        }
        return durableUrl("jdbc:h2:file:" + path);
    }

    /**
     * Adds the durable settings an H2 URL does not set yet, and gives an embedded file database
     * H2's {@code async:} file system ({@link #FILE_SYSTEM}) where its name has none:
     * {@code jdbc:h2:file:./x} and {@code jdbc:h2:./x} become {@code jdbc:h2:file:async:./x;...}. A URL
     * that already has them all is returned unchanged. A name with another H2 file system
     * ({@code nio:}, {@code retry:}, {@code split:}, ...) keeps it, and with it that file
     * system's answer to interrupts. Server URLs ({@code jdbc:h2:tcp:}) are accepted too: the
     * settings apply to the database the server opens, and the file system is the server's
     * choice.
     *
     * @param url an H2 file or server URL
     * @return the URL with every durable setting
     * @throws IllegalArgumentException if {@code 'url'} is not an H2 URL, is an in-memory one
     *     ({@code jdbc:h2:mem:}, {@code jdbc:h2:.}, a name through H2's in-memory file systems
     *     {@code memFS:} and {@code memLZF:}; also through a server:
     *     {@code jdbc:h2:tcp://host/mem:name}), or
     *     sets one of the settings to another value (the message names the setting)
     */
    public static String durableUrl(String url) {
        Objects.requireNonNull(url, "'url' cannot be null.");
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException("'url' must be an H2 URL (jdbc:h2:...), not " + url + ".");
        }
        if (inMemory(url.split(";", -1)[0].substring("jdbc:h2:".length())) || servesMemory(lower)) {
            throw new IllegalArgumentException("'url' names an in-memory database, which no setting keeps: " + url
                    + ". Use a file (jdbc:h2:file:<path>).");
        }
        List<String> parts = new ArrayList<>(List.of(url.split(";", -1)));
        String name = parts.get(0).substring("jdbc:h2:".length());
        Map<String, String> given = new LinkedHashMap<>();
        for (String part : parts.subList(1, parts.size())) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                given.put(
                        part.substring(0, eq).trim().toUpperCase(Locale.ROOT),
                        part.substring(eq + 1).trim());
            }
        }
        StringBuilder result = new StringBuilder(url);
        if (!isServer(lower) && !namesFileSystem(stripFile(name))) {
            result.replace(0, parts.get(0).length(), "jdbc:h2:file:" + FILE_SYSTEM + stripFile(name));
        }
        for (Map.Entry<String, String> setting : DURABLE_SETTINGS.entrySet()) {
            String value = given.get(setting.getKey());
            if (value == null) {
                if (result.charAt(result.length() - 1) != ';') {
                    result.append(';');
                }
                result.append(setting.getKey()).append('=').append(setting.getValue());
            } else if (!value.equalsIgnoreCase(setting.getValue())) {
                throw new IllegalArgumentException("'url' sets " + setting.getKey() + "=" + value
                        + "; a database that keeps every commit needs " + setting.getKey() + "="
                        + setting.getValue() + ".");
            }
        }
        return result.toString();
    }

    private static boolean isServer(String lowerUrl) {
        return lowerUrl.startsWith("jdbc:h2:tcp:") || lowerUrl.startsWith("jdbc:h2:ssl:");
    }

    /** H2's optional {@code file:} before a database name. */
    private static String stripFile(String name) {
        return name.regionMatches(true, 0, "file:", 0, "file:".length()) ? name.substring("file:".length()) : name;
    }

    /**
     * Whether a database name starts with an H2 file system ({@code async:}, {@code nio:},
     * ...); a single letter before the colon is a Windows drive ({@code C:/data/jobs}).
     */
    private static boolean namesFileSystem(String name) {
        int colon = name.indexOf(':');
        if (colon < 2) {
            return false;
        }
        for (int i = 0; i < colon; i++) {
            if (!Character.isLetterOrDigit(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A server URL ({@code jdbc:h2:tcp://host/mem:name}, {@code .../memFS:name}) can name an
     * in-memory database of the server too.
     */
    private static boolean servesMemory(String lowerUrl) {
        for (String server : new String[] {"jdbc:h2:tcp://", "jdbc:h2:ssl://"}) {
            if (lowerUrl.startsWith(server)) {
                int database = lowerUrl.indexOf('/', server.length());
                return database >= 0 && inMemory(lowerUrl.split(";", -1)[0].substring(database + 1));
            }
        }
        return false;
    }

    /**
     * Whether an H2 database name keeps its data in memory only: {@code mem:}, H2's {@code .}
     * (its unnamed in-memory database), or a name going through one of H2's in-memory file
     * systems ({@code memFS:}, {@code memLZF:}, also under another one: {@code split:memFS:x}),
     * which look like file names but are gone with the process.
     */
    private static boolean inMemory(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:") || lower.equals(".")) {
            return true;
        }
        for (String rest = stripFile(lower); namesFileSystem(rest); rest = rest.substring(rest.indexOf(':') + 1)) {
            String fileSystem = rest.substring(0, rest.indexOf(':'));
            if (fileSystem.equals("memfs") || fileSystem.equals("memlzf")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Closes the database cleanly (H2's {@code SHUTDOWN}) through a connection of its own; call
     * it after the last write and after closing the pool. Not through the pool: a pool still
     * filling itself in the background would open the database again right after the shutdown,
     * and with {@code DB_CLOSE_DELAY=-1} keep it open, and its file locked, for the rest of the
     * process. A process that ends without it loses nothing committed; the next open then
     * recovers the file as after a kill.
     *
     * @param url the database's URL, as the pool had it
     * @param user the user, or null for none
     * @param password the password, or null for none
     * @throws JobStoreUnavailableException if the database cannot be reached
     */
    public static void shutdown(String url, String user, String password) {
        Objects.requireNonNull(url, "'url' cannot be null.");
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        Connection connection;
        try {
            connection = DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            throw new JobStoreUnavailableException("Cannot shut the H2 database down: " + e.getMessage(), e);
        }
        try {
            Statement statement = connection.createStatement();
            statement.execute("SHUTDOWN");
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new JobStoreUnavailableException("Cannot shut the H2 database down: " + e.getMessage(), e);
        }
        // SHUTDOWN closed the connection; closing it again may say so.
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already closed by SHUTDOWN, or broken: nothing left to release
        }
    }
}
