package io.hireflow.api.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The end of a test run says how many tests skipped and why, counting each reason once. */
class SkippedTestsSummaryTest {

    @Test
    void aRunWithSkipsEndsWithTheCountAndEachReason() {
        List<String> printed = new ArrayList<>();
        LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false)
                .addTestExecutionListeners(new SkippedTestsSummary(printed::add)).build())
                .execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(Sample.class),
                        selectClass(DisabledSample.class)).build());

        assertEquals(1, printed.size(), "said once");
        assertEquals(String.format("%nhireflow: 5 tests skipped:%n"
                + "    2 × Skipped: ../shared/data/challenge was not found%n"
                + "    2 × needs -Dbench=true%n"
                + "    1 × no Chromium%n"), printed.get(0));
    }

    @Test
    void aRunWithoutSkipsSaysNothing() {
        List<String> printed = new ArrayList<>();
        SkippedTestsSummary summary = new SkippedTestsSummary(printed::add);
        summary.testPlanExecutionStarted(null);
        summary.testPlanExecutionFinished(null);
        assertEquals(List.of(), printed);
    }

    /** Run only by the launcher above (surefire runs no nested classes). */
    static class Sample {
        @Test
        void needsTheChallengeData() {
            Assumptions.assumeTrue(false, "Skipped: ../shared/data/challenge was not found");
        }

        @Test
        void needsItToo() {
            Assumptions.assumeTrue(false, "Skipped: ../shared/data/challenge was not found");
        }

        @Test
        void needsABrowser() {
            Assumptions.assumeTrue(false, "no Chromium");
        }

        @Test
        void runs() {
        }
    }

    @Disabled("needs -Dbench=true")
    static class DisabledSample {
        @Test
        void one() {
        }

        @Test
        void two() {
        }
    }
}
