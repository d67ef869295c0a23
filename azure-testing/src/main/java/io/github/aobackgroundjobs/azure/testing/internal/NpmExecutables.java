package io.github.aobackgroundjobs.azure.testing.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the npm Azurite's launchers ({@code azurite}, {@code azurite-queue},
 * {@code azurite-blob}, which npm installs side by side). Not part of the public API.
 */
public final class NpmExecutables {

    /** The Azurite version this project is tested with. */
    public static final String TESTED_VERSION = "3.37.0";

    private static final int MAX_PARENTS = 10;

    private NpmExecutables() {}

    /**
     * The directory holding the launchers: the one of {@code configured} when given (a launcher
     * or its directory), else the nearest {@code node_modules/.bin} upwards from the working
     * directory (the project's pinned version, as {@code npx} would take it), else the first
     * {@code PATH} entry that has them.
     *
     * @param configured the {@code backgroundjobs.azurite.executable} setting, if any
     * @param property where {@code configured} came from (the setting's or the builder method's
     *     name), for the error message
     * @return the directory
     * @throws IllegalStateException if no Azurite is found; the message says how to install it
     */
    public static Path directory(Optional<String> configured, String property) {
        if (configured.isPresent()) {
            Path path = Paths.get(configured.get()).toAbsolutePath();
            Path dir = Files.isDirectory(path) ? path : path.getParent();
            if (dir == null || !hasLaunchers(dir)) {
                throw new IllegalStateException(property + "=" + configured.get() + " does not name the npm"
                        + " Azurite: expected azurite-queue and azurite-blob in " + dir + ". " + howToInstall());
            }
            return dir;
        }
        List<Path> searched = new ArrayList<>();
        Path dir = Paths.get("").toAbsolutePath();
        for (int depth = 0; dir != null && depth < MAX_PARENTS; depth++, dir = dir.getParent()) {
            Path bin = dir.resolve("node_modules").resolve(".bin");
            searched.add(bin);
            if (hasLaunchers(bin)) {
                return bin;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                try {
                    Path bin = Paths.get(entry);
                    searched.add(bin);
                    if (hasLaunchers(bin)) {
                        return bin;
                    }
                } catch (InvalidPathException e) {
                    // A malformed PATH entry cannot hold Azurite.
                }
            }
        }
        throw new IllegalStateException("The npm Azurite was not found (searched " + searched + "). " + howToInstall()
                + " Or set -D" + property + "=<path to node_modules/.bin/azurite>.");
    }

    /**
     * @param dir a launcher directory
     * @param launcher e.g. {@code azurite-queue}
     * @return the launcher in it (with {@code .cmd} on Windows)
     */
    public static Path launcher(Path dir, String launcher) {
        Path windows = dir.resolve(launcher + ".cmd");
        return isWindows() && Files.exists(windows) ? windows : dir.resolve(launcher);
    }

    private static boolean hasLaunchers(Path dir) {
        return Files.isExecutable(launcher(dir, "azurite-queue")) && Files.isExecutable(launcher(dir, "azurite-blob"));
    }

    private static String howToInstall() {
        return "Install it with `npm install azurite@" + TESTED_VERSION
                + "` in your project (or `npm install -g azurite@" + TESTED_VERSION
                + "`; it needs Node.js), or run Azurite in Docker with -Dbackgroundjobs.azurite=docker.";
    }

    private static boolean isWindows() {
        return File.separatorChar == '\\';
    }
}
