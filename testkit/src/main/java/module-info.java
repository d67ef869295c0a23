/**
 * AO.BackgroundJobs for Java, testkit: the contract suites a custom repository or queue extends
 * (JUnit 5 and AssertJ), and the fixtures they use.
 */
module io.github.aobackgroundjobs.testkit {
    requires transitive io.github.aobackgroundjobs.core;
    // The suites are JUnit 5 classes a user extends, and their helpers return AssertJ types.
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires transitive org.assertj.core;

    exports io.github.aobackgroundjobs.testkit;

    // JUnit finds and invokes the inherited test methods by reflection.
    opens io.github.aobackgroundjobs.testkit to
            org.junit.platform.commons;
}
