package io.github.aobackgroundjobs.benchmarks.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.aobackgroundjobs.jdbc.H2FileDatabase;
import io.github.aobackgroundjobs.jdbc.JdbiJobRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Load harness: the job cycle of {@link JobCycleBenchmark} (insert, mark sent, claim, complete)
 * on two H2 file databases with {@link H2FileDatabase}'s settings, one through H2's default file
 * system ({@code FileChannel}) and one through the {@code async:} file system
 * {@link H2FileDatabase#url} gives ({@code AsynchronousFileChannel}), each behind a HikariCP pool,
 * measured interleaved, each twice (the second time in the other order). The ratio is what the
 * interrupt-proof file system costs.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.aobackgroundjobs.benchmarks.jdbc.H2FileSystemBenchmark [threads=4] [seconds=10] [dir]}
 * (the files go in a new directory under {@code dir}, by default the system's temporary one,
 * and are deleted at the end)
 */
public final class H2FileSystemBenchmark {

    private H2FileSystemBenchmark() {}

    /**
     * @param args threads, measured seconds and the directory for the files
     * @throws Exception if a database fails
     */
    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path parent = Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir"));
        if (threads < 1 || seconds < 1) {
            throw new IllegalArgumentException("threads and seconds must be at least 1: " + threads + ", " + seconds);
        }
        Path dir = Files.createTempDirectory(parent, "h2-file-systems");
        String async = H2FileDatabase.url(dir.resolve("async"));
        String channel =
                "jdbc:h2:file:" + dir.resolve("channel").toAbsolutePath() + async.substring(async.indexOf(';'));
        Clock clock = Clock.systemUTC();
        try (HikariDataSource channelPool = pool(channel, threads);
                HikariDataSource asyncPool = pool(async, threads)) {
            JdbiJobRepository<Long> onChannel = JdbiJobRepository.builder(channelPool)
                    .createOrMigrateSchema(true)
                    .build();
            JdbiJobRepository<Long> onAsync = JdbiJobRepository.builder(asyncPool)
                    .createOrMigrateSchema(true)
                    .build();
            JobCycleBenchmark.Cycle[] ways = {
                t -> JobCycleBenchmark.libraryCycle(onChannel, clock, t),
                t -> JobCycleBenchmark.libraryCycle(onAsync, clock, t)
            };
            String[] names = {"file: (FileChannel)", "file:async:"};
            System.out.println("H2 files in " + dir + "; threads=" + threads + " measured seconds per run=" + seconds);
            for (int i = 0; i < ways.length; i++) {
                JobCycleBenchmark.measure("warm-up " + names[i], ways[i], threads, Math.max(3, seconds / 2));
            }
            double[] means = new double[ways.length];
            // The second round runs them in the other order, so that neither always runs first.
            for (int round = 0; round < 2; round++) {
                for (int k = 0; k < ways.length; k++) {
                    int i = round == 0 ? k : ways.length - 1 - k;
                    means[i] += JobCycleBenchmark.measure(
                                    names[i] + (round == 0 ? "" : " again"), ways[i], threads, seconds)
                            / 2;
                }
            }
            System.out.printf(
                    "RESULT threads=%d cycles/s '%s'=%.0f '%s'=%.0f ratio async/channel=%.2f%n",
                    threads, names[0], means[0], names[1], means[1], means[1] / means[0]);
        } finally {
            H2FileDatabase.shutdown(async, null, null);
            H2FileDatabase.shutdown(channel, null, null);
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private static HikariDataSource pool(String url, int threads) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(threads * 2);
        return new HikariDataSource(config);
    }
}
