package io.github.aobackgroundjobs.azure.testing;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * A static {@link AzuriteExtension} of a base class serves every subclass, and JUnit runs those
 * classes in parallel: the class that ends first must not close the Azurite another class still
 * uses. The classes below are run through the JUnit launcher in parallel mode; latches make the
 * class that started the Azurite end first while the other one still has queue work to do.
 */
class AzuriteExtensionSharedBaseClassTest {

    static final CountDownLatch FIRST_TEST_STARTED = new CountDownLatch(1);
    static final CountDownLatch LAST_CLASS_STARTED = new CountDownLatch(1);
    static final CountDownLatch FIRST_CLASS_ENDED = new CountDownLatch(1);
    static final List<Azurite> SEEN = new CopyOnWriteArrayList<>();

    abstract static class SharedBase {
        @RegisterExtension
        static final AzuriteExtension AZURITE =
                new AzuriteExtension(Azurite.builder().mode(Azurite.Mode.NPM).services(Azurite.Service.QUEUE));
    }

    static class EndsFirst extends SharedBase {
        @Test
        void usesTheQueueWhileTheOtherClassRuns() {
            FIRST_TEST_STARTED.countDown();
            SEEN.add(AZURITE.azurite());
            StorageRoundTrip.queue(AZURITE.azurite());
            await(LAST_CLASS_STARTED, "the other class started");
        }
    }

    /** Holds the class back until the other one runs, so that the other one started the Azurite. */
    static class AfterTheFirstClassStarted implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            await(FIRST_TEST_STARTED, "the first class's test started");
        }
    }

    @ExtendWith(AfterTheFirstClassStarted.class)
    static class EndsLast extends SharedBase {
        @BeforeAll
        static void started() {
            LAST_CLASS_STARTED.countDown();
        }

        @Test
        void usesTheQueueAfterTheOtherClassEnded() {
            SEEN.add(AZURITE.azurite());
            StorageRoundTrip.queue(AZURITE.azurite());
            await(FIRST_CLASS_ENDED, "the first class ended");
            SEEN.add(AZURITE.azurite());
            StorageRoundTrip.queue(AZURITE.azurite());
        }
    }

    @Test
    void classesRunningInParallelShareTheAzuriteAndTheLastToEndClosesIt() {
        TestExecutionSummary result = run(
                Map.of(
                        "junit.jupiter.execution.parallel.enabled", "true",
                        "junit.jupiter.execution.parallel.mode.default", "concurrent",
                        "junit.jupiter.execution.parallel.config.strategy", "fixed",
                        "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"),
                EndsFirst.class,
                EndsLast.class);
        assertThat(result.getFailures())
                .extracting(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
                .isEmpty();
        assertThat(result.getTestsSucceededCount()).isEqualTo(2);
        assertThat(FIRST_CLASS_ENDED.getCount())
                .as("the first class ended during the run")
                .isZero();
        assertThat(SEEN).as("one Azurite, the same ports, for both classes").hasSize(3);
        assertThat(SEEN).allSatisfy(azurite -> assertThat(azurite).isSameAs(SEEN.get(0)));
        assertThatThrownBy(SEEN.get(0)::connectionString)
                .as("closed once the last class ended")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(SharedBase.AZURITE::azurite).isInstanceOf(IllegalStateException.class);

        TestExecutionSummary alone = run(Map.of(), EndsFirst.class);
        assertThat(alone.getTestsSucceededCount()).isEqualTo(1);
        assertThat(SEEN).hasSize(4);
        assertThat(SEEN.get(3)).as("a class starting after the others ended").isNotSameAs(SEEN.get(0));
        assertThatThrownBy(SEEN.get(3)::connectionString).isInstanceOf(IllegalStateException.class);
    }

    private static TestExecutionSummary run(Map<String, String> configuration, Class<?>... testClasses) {
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener firstEnded = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.getSource().equals(Optional.of(ClassSource.from(EndsFirst.class)))) {
                    FIRST_CLASS_ENDED.countDown();
                }
            }
        };
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(Arrays.stream(testClasses)
                                        .map(DiscoverySelectors::selectClass)
                                        .toList())
                                .configurationParameters(configuration)
                                .build(),
                        summary,
                        firstEnded);
        return summary.getSummary();
    }

    private static void await(CountDownLatch latch, String what) {
        try {
            assertThat(latch.await(60, SECONDS)).as(what).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting until " + what, e);
        }
    }
}
