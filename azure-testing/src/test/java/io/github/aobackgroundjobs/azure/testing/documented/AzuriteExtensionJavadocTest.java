package io.github.aobackgroundjobs.azure.testing.documented;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aobackgroundjobs.azure.testing.Azurite;
import io.github.aobackgroundjobs.azure.testing.AzuriteExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The Javadoc of {@link AzuriteExtension}: one Azurite per class on a static field, one per test
 * on an instance field, the default builder with {@code @ExtendWith}, an {@link Azurite}
 * parameter of test and lifecycle methods, and two registrations serving one test. Each way is a
 * small test class of its own, run here through the JUnit launcher so that what it leaves behind can be checked once it has ended.
 */
class AzuriteExtensionJavadocTest {

    /** Every Azurite a test class below was given, in order. */
    static final List<Azurite> SEEN = new CopyOnWriteArrayList<>();

    static class PerClass {
        @RegisterExtension
        static final AzuriteExtension AZURITE =
                new AzuriteExtension(Azurite.builder().mode(Azurite.Mode.NPM).services(Azurite.Service.QUEUE));

        @BeforeAll
        static void beforeAll(Azurite azurite) {
            SEEN.add(azurite);
        }

        @BeforeEach
        void beforeEach(Azurite azurite) {
            SEEN.add(azurite);
        }

        @Test
        void first(Azurite azurite) {
            SEEN.add(azurite);
            assertThat(AZURITE.azurite()).isSameAs(azurite);
            assertThat(AZURITE.connectionString()).isEqualTo(azurite.connectionString());
        }

        @Test
        void second(Azurite azurite) {
            SEEN.add(azurite);
        }
    }

    @Test
    void onAStaticFieldOneAzuriteServesTheClassAndIsClosedAfterIt() {
        SEEN.clear();
        assertThatThrownBy(PerClass.AZURITE::azurite)
                .as("before the class runs")
                .isInstanceOf(IllegalStateException.class);

        run(PerClass.class, 2);

        assertThat(SEEN).as("@BeforeAll, then @BeforeEach and the test, twice").hasSize(5);
        assertThat(SEEN).allSatisfy(azurite -> assertThat(azurite).isSameAs(SEEN.get(0)));
        assertClosed(SEEN.get(0));
        assertThatThrownBy(PerClass.AZURITE::azurite)
                .as("after the class ran")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(PerClass.AZURITE::connectionString).isInstanceOf(IllegalStateException.class);
    }

    static class WithNestedClasses {
        @RegisterExtension
        static final AzuriteExtension AZURITE =
                new AzuriteExtension(Azurite.builder().mode(Azurite.Mode.NPM).services(Azurite.Service.QUEUE));

        @Test
        void outer(Azurite azurite) {
            SEEN.add(azurite);
        }

        @Nested
        class First {
            @Test
            void inner(Azurite azurite) {
                SEEN.add(azurite);
                assertThat(azurite.connectionString()).contains("QueueEndpoint=");
            }
        }

        @Nested
        class Second {
            @Test
            void inner(Azurite azurite) {
                SEEN.add(azurite);
                assertThat(azurite.connectionString()).contains("QueueEndpoint=");
            }
        }
    }

    @Test
    void theNestedClassesOfAClassShareItsAzuriteWhichIsClosedAfterTheOuterClass() {
        SEEN.clear();
        run(WithNestedClasses.class, 3);
        assertThat(SEEN).hasSize(3);
        assertThat(SEEN).allSatisfy(azurite -> assertThat(azurite).isSameAs(SEEN.get(0)));
        assertClosed(SEEN.get(0));
    }

    static class PerTest {
        @RegisterExtension
        final AzuriteExtension azuriteExtension =
                new AzuriteExtension(Azurite.builder().mode(Azurite.Mode.NPM).services(Azurite.Service.QUEUE));

        @Test
        void first(Azurite azurite) {
            see(azurite);
        }

        @Test
        void second(Azurite azurite) {
            see(azurite);
        }

        private void see(Azurite azurite) {
            SEEN.add(azurite);
            assertThat(azuriteExtension.azurite()).isSameAs(azurite);
            assertThat(azurite.connectionString()).contains("QueueEndpoint=");
        }

        @AfterEach
        void stillRunsInTheTestsAfterEach(Azurite azurite) {
            assertThat(azurite.connectionString()).contains("QueueEndpoint=");
        }
    }

    @Test
    void onAnInstanceFieldEachTestGetsAnAzuriteOfItsOwnClosedAfterIt() {
        SEEN.clear();
        run(PerTest.class, 2);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
        SEEN.forEach(AzuriteExtensionJavadocTest::assertClosed);
    }

    @ExtendWith(AzuriteExtension.class)
    static class Declarative {
        @Test
        void first(Azurite azurite) {
            SEEN.add(azurite);
            assertThat(azurite.connectionString())
                    .as("the default builder: queue and blob")
                    .contains("QueueEndpoint=")
                    .contains("BlobEndpoint=");
        }

        @Test
        void second(Azurite azurite) {
            SEEN.add(azurite);
        }
    }

    @Test
    void withExtendWithTheDefaultBuildersAzuriteIsReachedThroughAParameterForTheClass() {
        SEEN.clear();
        run(Declarative.class, 2);
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(1)).isSameAs(SEEN.get(0));
        assertClosed(SEEN.get(0));
    }

    static class TwoRegistrations {
        @RegisterExtension
        static final AzuriteExtension ORDERS =
                new AzuriteExtension(Azurite.builder().mode(Azurite.Mode.NPM).services(Azurite.Service.QUEUE));

        @RegisterExtension
        static final AzuriteExtension INVOICES =
                new AzuriteExtension(Azurite.builder().mode(Azurite.Mode.NPM).services(Azurite.Service.QUEUE));

        @Test
        void throughTheFields() {
            assertThat(ORDERS.azurite()).isNotSameAs(INVOICES.azurite());
            assertThat(ORDERS.connectionString()).isNotEqualTo(INVOICES.connectionString());
        }

        @Test
        void throughAParameter(Azurite azurite) {
            SEEN.add(azurite);
        }

        @Nested
        class WithOneOfItsOwn {
            @RegisterExtension
            final AzuriteExtension own = new AzuriteExtension(
                    Azurite.builder().mode(Azurite.Mode.NPM).services(Azurite.Service.QUEUE));

            @Test
            void throughTheFields() {
                assertThat(own.azurite()).isNotSameAs(ORDERS.azurite()).isNotSameAs(INVOICES.azurite());
            }

            @Test
            void throughAParameter(Azurite azurite) {
                SEEN.add(azurite);
            }
        }
    }

    @Test
    void twoRegistrationsForOneTestAreReachedThroughTheirFieldsAndMakeAParameterAmbiguous() {
        SEEN.clear();
        TestExecutionSummary summary = execute(TwoRegistrations.class);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
        assertThat(summary.getFailures()).hasSize(2).allSatisfy(failure -> {
            assertThat(failure.getTestIdentifier().getDisplayName()).isEqualTo("throughAParameter(Azurite)");
            assertThat(failure.getException())
                    .isInstanceOf(ParameterResolutionException.class)
                    .hasMessageContaining("Discovered multiple competing ParameterResolvers");
        });
        assertThat(SEEN).isEmpty();
        assertThatThrownBy(TwoRegistrations.ORDERS::azurite).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(TwoRegistrations.INVOICES::azurite).isInstanceOf(IllegalStateException.class);
    }

    private static void assertClosed(Azurite azurite) {
        assertThatThrownBy(azurite::connectionString)
                .as("closed once its tests ended")
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private static void run(Class<?> testClass, int tests) {
        TestExecutionSummary summary = execute(testClass);
        assertThat(summary.getFailures())
                .as("failures of %s", testClass.getSimpleName())
                .extracting(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException())
                .isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(tests);
    }

    private static TestExecutionSummary execute(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(DiscoverySelectors.selectClass(testClass))
                                .build(),
                        listener);
        return listener.getSummary();
    }
}
