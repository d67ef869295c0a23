package io.github.aobackgroundjobs.samples.notification;

import io.github.aobackgroundjobs.jdbc.H2FileDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Set;

/**
 * Opens the demo's H2 file database in the web process, under a password, before anything else
 * reaches it. Opened here, the database exists before the H2 server of {@code --worker=separate}
 * starts, so that server never needs to create databases for its clients; and its durable
 * settings ({@code DB_CLOSE_DELAY=-1}) keep it open in this process until the demo shuts it down.
 *
 * <p>Unless {@code --db-user} or {@code --db-password} is given, the password is a random one
 * (32 random bytes, base64url) made when the database is first opened this way, kept beside the
 * database in {@code <name>.password}, readable and writable by its owner only where the file
 * system has POSIX permissions. It has to outlive the process: H2 keeps the password in the
 * database file, and a demo stopped with {@code kill -9} cannot take it off again. A database
 * from before the demo set a password (H2's default user {@code ""}, no password) gets this one
 * at its next start, with its jobs.
 */
final class DemoH2File {

    /** H2's error code for a wrong user name or password. */
    private static final int WRONG_USER_OR_PASSWORD = 28000;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DemoH2File() {}

    /**
     * Opens (or creates) the database in this process and leaves it open.
     *
     * @param url an embedded H2 file URL, as {@code --db} gives it
     * @param user the user given, or empty
     * @param password the password given, or empty
     * @return the password to open the database with: the one given, or the one the demo keeps
     * @throws IllegalStateException if another process has the file open, or the file has a
     *     password the demo does not keep (the message names the files)
     * @throws UncheckedIOException if the password file cannot be read or written
     */
    static String open(String url, String user, String password) {
        Path file = DemoDatabase.h2File(url);
        if (file == null) {
            throw new IllegalArgumentException("'url' must name an H2 file database, not " + url + ".");
        }
        // No H2 trace file (<name>.trace.db) beside the database: H2 makes it readable by every local
        // user, and it would hold the server's refused sign-ins. H2's errors still reach the demo as
        // exceptions, which it logs.
        String durable = H2FileDatabase.durableUrl(url) + ";TRACE_LEVEL_FILE=0";
        if (!user.isEmpty() || !password.isEmpty()) {
            try {
                connect(durable, user, password);
            } catch (WrongPassword e) {
                throw new IllegalStateException(
                        "The job records' H2 file " + file
                                + ".mv.db refuses the user and password given with --db-user and --db-password.",
                        e);
            }
            ownerOnly(file);
            return password;
        }
        Path passwordFile = passwordFile(file);
        String kept = readOrCreate(passwordFile);
        try {
            connect(durable, "", kept);
        } catch (WrongPassword e) {
            // A database made before the demo had a password: give it the one kept from now on.
            try {
                setPassword(durable, kept);
            } catch (WrongPassword again) {
                again.addSuppressed(e);
                throw new IllegalStateException(
                        "The job records' H2 file " + file + ".mv.db has a password other than the one in "
                                + passwordFile + ". Put that file back, delete " + file
                                + ".mv.db to start afresh, or give its credentials with --db-user and --db-password.",
                        again);
            }
        }
        ownerOnly(file);
        return kept;
    }

    /**
     * Makes the database file readable by its owner only: it holds every job's request and
     * result, and the password guards only connections, not the file. H2 creates it with the
     * process's default permissions (often readable by every local user); at a first start it
     * holds no job yet when this runs.
     */
    private static void ownerOnly(Path file) {
        Path data = file.resolveSibling(file.getFileName() + ".mv.db");
        if (!data.getFileSystem().supportedFileAttributeViews().contains("posix") || !Files.exists(data)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(data, OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the H2 file " + data + " readable by its owner only.", e);
        }
    }

    /**
     * The file the demo keeps a database's password in.
     *
     * @param file the database, as {@link DemoDatabase#h2File} names it
     * @return {@code <file>.password}
     */
    static Path passwordFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".password");
    }

    private static void connect(String url, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            // Opening is the point: DB_CLOSE_DELAY=-1 keeps the database open after the close.
        } catch (SQLException e) {
            throw failure(url, e);
        }
    }

    private static void setPassword(String url, String password) {
        try (Connection connection = DriverManager.getConnection(url, "", "");
                PreparedStatement alter = connection.prepareStatement("ALTER USER \"\" SET PASSWORD ?")) {
            alter.setString(1, password);
            alter.execute();
        } catch (SQLException e) {
            throw failure(url, e);
        }
    }

    private static RuntimeException failure(String url, SQLException e) {
        if (e.getErrorCode() == WRONG_USER_OR_PASSWORD) {
            return new WrongPassword(e);
        }
        if (DemoDatabase.heldByAnotherProcess(e)) {
            return DemoDatabase.openElsewhere(url, e);
        }
        return new IllegalStateException(
                "Cannot open the job records' H2 file " + DemoDatabase.describe(url) + ": " + e.getMessage(), e);
    }

    private static String readOrCreate(Path passwordFile) {
        boolean posix =
                passwordFile.getFileSystem().supportedFileAttributeViews().contains("posix");
        try {
            Files.createDirectories(passwordFile.toAbsolutePath().getParent());
            String fresh = newPassword();
            try {
                // Created with its permissions, so there is no moment at which others may read it.
                if (posix) {
                    Files.createFile(passwordFile, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                } else {
                    Files.createFile(passwordFile);
                }
                Files.writeString(passwordFile, fresh, StandardCharsets.US_ASCII);
                return fresh;
            } catch (FileAlreadyExistsException kept) {
                if (posix) {
                    Files.setPosixFilePermissions(passwordFile, OWNER_ONLY);
                }
                String password = Files.readString(passwordFile, StandardCharsets.US_ASCII)
                        .strip();
                if (password.isEmpty()) {
                    throw new IllegalStateException("The H2 password file " + passwordFile
                            + " is empty. Delete it, and the database beside it if it has a password.");
                }
                return password;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the H2 password file " + passwordFile + ".", e);
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** H2 refused the user name or password; the caller decides what that means. */
    private static final class WrongPassword extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WrongPassword(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
