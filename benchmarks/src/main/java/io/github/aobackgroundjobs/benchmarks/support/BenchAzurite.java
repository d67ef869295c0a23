package io.github.aobackgroundjobs.benchmarks.support;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.AzuriteBuilder;

/**
 * The benchmarks' Azurite: the fixture's npm Azurite, queue only, so that its process (and its
 * CPU time) can be measured.
 */
public final class BenchAzurite {

    private BenchAzurite() {}

    /**
     * @return a running Azurite keeping its data in memory
     */
    public static Azurite inMemory() {
        return npm().build();
    }

    /**
     * Azurite keeping its data in a new temporary directory (deleted on close). Unlike the
     * in-memory store, which keeps one extent per message until its garbage collector (every
     * 60 s) removes them one by one in quadratic time, this one appends message bodies to shared
     * extent files of up to 64 MB, so its cost per message stays flat over hundreds of thousands
     * of messages.
     *
     * @return a running Azurite
     */
    public static Azurite onDisk() {
        return npm().persistence(Azurite.Persistence.DISK).build();
    }

    /**
     * @param options further Azurite options
     * @return a running Azurite on disk (as {@link #onDisk()}) with those options
     */
    public static Azurite onDisk(String... options) {
        return npm().persistence(Azurite.Persistence.DISK).options(options).build();
    }

    /**
     * @param azurite an Azurite from this class
     * @return its queue service's process
     */
    public static ProcessHandle process(Azurite azurite) {
        return azurite.process(Azurite.Service.QUEUE)
                .orElseThrow(() -> new IllegalStateException("Azurite's queue service is not running"));
    }

    private static AzuriteBuilder npm() {
        return Azurite.builder().mode(Azurite.Mode.NPM).services(Azurite.Service.QUEUE);
    }
}
