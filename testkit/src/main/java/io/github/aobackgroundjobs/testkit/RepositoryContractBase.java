package io.github.aobackgroundjobs.testkit;

import io.github.aobackgroundjobs.SettableClock;
import io.github.aobackgroundjobs.spi.JobRepositoryBase;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every repository contract suite shares: a fresh repository per test from
 * {@link #createRepository()}, released by {@link #closeRepository}, a settable clock and a
 * fixture that builds records through the repository.
 *
 * @param <K> the key type
 */
public abstract class RepositoryContractBase<K> {

    /** Start of the clock in every test. */
    protected static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

    /** The clock every time in a test comes from. */
    protected final SettableClock clock = new SettableClock(START, ZoneOffset.UTC);
    /** The repository under test. */
    protected JobRepositoryBase<K> repository;
    /** Builds records through {@link #repository}. */
    protected JobRepositoryFixture<K> fixture;

    /** For subclasses. */
    protected RepositoryContractBase() {}

    /**
     * Creates the repository under test.
     *
     * @return a new, empty repository
     */
    protected abstract JobRepositoryBase<K> createRepository();

    /**
     * Releases what {@link #createRepository()} took (connections, files), after each test,
     * whether it passed or failed; not called for a test whose {@link #createRepository()}
     * threw or returned null. The default does nothing.
     *
     * @param repository the repository of the test that ended, never null
     */
    protected void closeRepository(JobRepositoryBase<K> repository) {}

    /** Called once the repository of a test exists; suites that need more of it override this. */
    protected void repositoryCreated() {}

    @BeforeEach
    void createRepositoryUnderTest() {
        repository = createRepository();
        fixture = new JobRepositoryFixture<>(repository, clock);
        repositoryCreated();
    }

    @AfterEach
    void closeRepositoryUnderTest() {
        if (repository != null) {
            closeRepository(repository);
        }
    }
}
