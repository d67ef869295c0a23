package io.github.aobackgroundjobs.samples.notification;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.jdbc.H2FileDatabase;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The demo's job records: a HikariCP pool on the database the options name, and the repository
 * on it. An H2 file database gets {@link H2FileDatabase}'s settings, so every commit is in the
 * file when it returns and the pool keeps the database open for the life of the process: job
 * records survive Ctrl+C and {@code kill -9} alike (not a power failure, which H2 does not
 * promise). H2 lets one process at a time open a file database; a second demo on the same file
 * is refused at start with a message naming the file.
 *
 * <p>The same code opens the records in the web process, in the separate worker process and in
 * the kill test of chaos-tests. Thread-safe.
 */
public final class DemoDatabase implements AutoCloseable {

    /** Connections in the pool: the worker's four threads, the web server, the client. */
    static final int POOL_SIZE = 10;

    private final HikariDataSource pool;
    private final JdbiJobRepository<Long> repository;
    private final boolean h2File;

    private DemoDatabase(HikariDataSource pool, JdbiJobRepository<Long> repository, boolean h2File) {
        this.pool = pool;
        this.repository = repository;
        this.h2File = h2File;
    }

    /**
     * Opens the job records (creating or migrating the table).
     *
     * @param url a {@code jdbc:h2:} or {@code jdbc:postgresql:} URL; an H2 file or server URL
     *     gets the durable settings it lacks
     * @param user database user, empty for none
     * @param password database password, empty for none
     * @return the open records
     * @throws IllegalArgumentException if the URL is of another database, or sets an H2 setting
     *     against durability
     * @throws IllegalStateException if another process has the H2 file open
     * @throws io.github.aobackgroundjobs.JobStoreUnavailableException if the database cannot be reached
     */
    public static DemoDatabase open(String url, String user, String password) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean h2 = lower.startsWith("jdbc:h2:");
        if (!h2 && !lower.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("'db' must be a jdbc:h2: or jdbc:postgresql: URL.");
        }
        boolean h2File = h2 && !lower.startsWith("jdbc:h2:mem:");
        HikariConfig config = new HikariConfig();
        config.setPoolName("demo-db");
        config.setJdbcUrl(h2File ? H2FileDatabase.durableUrl(url) : url);
        if (!user.isEmpty()) {
            config.setUsername(user);
        }
        if (!password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(POOL_SIZE);
        config.setConnectionTimeout(5_000);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            if (h2File && heldByAnotherProcess(e)) {
                throw openElsewhere(url, e);
            }
            throw e;
        }
        try {
            JdbiJobRepository<Long> repository =
                    JdbiJobRepository.builder(pool).createOrMigrateSchema(true).build();
            return new DemoDatabase(pool, repository, h2File);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** @return the repository on the pool */
    public JdbiJobRepository<Long> repository() {
        return repository;
    }

    /** @return the pool */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Closes the database cleanly if it is an H2 file or server database this process owns (H2's
     * {@code SHUTDOWN}), then the pool. Call it after the last write. A process that ends without
     * it loses nothing committed.
     */
    public void shutdown() {
        pool.close();
        if (h2File) {
            H2FileDatabase.shutdown(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
        }
    }

    /** Closes the pool and leaves an H2 database open for its owner (the web process's server). */
    @Override
    public void close() {
        pool.close();
    }

    /**
     * Where the records live, for people: an H2 file's absolute path, otherwise the URL without
     * a password.
     *
     * @param url the JDBC URL
     * @return the description
     */
    public static String describe(String url) {
        Path file = h2File(url);
        if (file != null) {
            return file + ".mv.db";
        }
        return url.replaceAll("(?i)password=[^;&]*", "password=***");
    }

    /**
     * The database an embedded H2 file URL names, as H2 names it: the absolute path without
     * {@code .mv.db}, whatever H2 file systems the URL's name goes through ({@code async:},
     * {@code nio:}, ...).
     *
     * @param url a JDBC URL
     * @return the path, or null for any other URL (PostgreSQL, H2 in memory or through a server)
     */
    static Path h2File(String url) {
        String name = embeddedName(url);
        if (name == null) {
            return null;
        }
        name = name.substring(fileSystems(name).length());
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Path.of(name).toAbsolutePath().normalize();
    }

    /**
     * The name this process opens an embedded H2 file under ({@link H2FileDatabase#durableUrl}'s
     * file systems, then the absolute path), which an H2 server in this process has to map its
     * key to: within one process H2 refuses a file open under one name to another (90020).
     *
     * @param url an embedded H2 file URL, as {@code --db} gives it
     * @return e.g. {@code async:/home/me/target/notification-demo-db}, or null for any other URL
     */
    static String h2OpenName(String url) {
        Path file = h2File(url);
        if (file == null) {
            return null;
        }
        return fileSystems(embeddedName(H2FileDatabase.durableUrl(url))) + file;
    }

    /** The database name of an embedded H2 file URL, without settings and H2's optional {@code file:}. */
    private static String embeddedName(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")
                || lower.startsWith("jdbc:h2:mem:")
                || lower.startsWith("jdbc:h2:tcp:")
                || lower.startsWith("jdbc:h2:ssl:")) {
            return null;
        }
        String name = url.substring("jdbc:h2:".length()).split(";")[0];
        if (name.toLowerCase(Locale.ROOT).startsWith("file:")) {
            name = name.substring("file:".length());
        }
        return name;
    }

    /**
     * The H2 file systems a database name starts with ({@code async:}, {@code split:nio:}), or
     * empty; a single letter before a colon is a Windows drive ({@code C:/data/jobs}).
     */
    private static String fileSystems(String name) {
        int end = 0;
        while (true) {
            int colon = name.indexOf(':', end);
            if (colon - end < 2 || !name.substring(end, colon).chars().allMatch(Character::isLetterOrDigit)) {
                return name.substring(0, end);
            }
            end = colon + 1;
        }
    }

    /** The refusal of an H2 file that another process holds, naming the file and the way out. */
    static IllegalStateException openElsewhere(String url, Throwable cause) {
        return new IllegalStateException(
                "The job records' H2 file " + describe(url) + " is open in another process, and H2 lets one"
                        + " process at a time open a file database. Stop that process (another notification"
                        + " demo?), or give this one a file of its own: --db=jdbc:h2:file:<path>.",
                cause);
    }

    static boolean heldByAnotherProcess(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == H2FileDatabase.DATABASE_ALREADY_OPEN) {
                return true;
            }
        }
        return false;
    }
}
