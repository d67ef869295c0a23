package io.github.aobackgroundjobs.testkit.documented;

import java.util.List;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * One run of a suite through the JUnit launcher, outside the build's own run, so that a suite
 * meant to fail can be checked for how it fails.
 *
 * @param started the tests that started
 * @param failures each failed test's display name and its exception's message
 * @param failedTests each failed test's display name
 */
record SuiteRun(long started, List<String> failures, List<String> failedTests) {

    static SuiteRun of(Class<?> suite) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(DiscoverySelectors.selectClass(suite))
                                .build(),
                        listener);
        TestExecutionSummary summary = listener.getSummary();
        List<TestExecutionSummary.Failure> failed = summary.getFailures();
        return new SuiteRun(
                summary.getTestsStartedCount(),
                failed.stream()
                        .map(f -> f.getTestIdentifier().getDisplayName() + ": "
                                + f.getException().getMessage())
                        .toList(),
                failed.stream().map(f -> f.getTestIdentifier().getDisplayName()).toList());
    }
}
