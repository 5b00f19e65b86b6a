package io.hireflow.api.support;

import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Says once, when this module's tests end, how many tests were skipped and why: a test that needs
 * ../shared/data, Chromium or -Dbench=true skips itself, and Maven's console showed only a count with no
 * reason. Registered for every run through META-INF/services (JUnit's launcher loads it).
 */
public class SkippedTestsSummary implements TestExecutionListener {

    private static final String ASSUMPTION = "Assumption failed: ";

    private final Consumer<String> out;
    private final Map<String, Integer> byReason = new TreeMap<>();
    private TestPlan plan;

    public SkippedTestsSummary() {
        this(text -> {
            PrintStream console = System.out;
            console.print(text);
            console.flush();
        });
    }

    SkippedTestsSummary(Consumer<String> out) {
        this.out = out;
    }

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        byReason.clear();
    }

    /** A disabled test or class (e.g. a benchmark without -Dbench=true): every test in it counts. */
    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
        long tests = identifier.isTest() ? 1
                : plan == null ? 0 : plan.getDescendants(identifier).stream().filter(TestIdentifier::isTest).count();
        record(reason, (int) Math.max(tests, 1));
    }

    /** A test that skipped itself with an assumption (e.g. no ../shared/data). */
    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED && identifier.isTest()) {
            record(result.getThrowable().map(Throwable::getMessage).orElse("aborted without a reason"), 1);
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String text = summary(byReason);
        if (!text.isEmpty()) {
            out.accept(text);
        }
    }

    private void record(String reason, int tests) {
        String why = reason == null || reason.isBlank() ? "no reason given" : reason.strip();
        byReason.merge(why.startsWith(ASSUMPTION) ? why.substring(ASSUMPTION.length()) : why, tests, Integer::sum);
    }

    /** "N tests skipped:" and one line per reason, most frequent first; empty when nothing was skipped. */
    static String summary(Map<String, Integer> byReason) {
        int total = byReason.values().stream().mapToInt(Integer::intValue).sum();
        if (total == 0) {
            return "";
        }
        StringBuilder text = new StringBuilder(System.lineSeparator()).append("hireflow: ").append(total)
                .append(total == 1 ? " test" : " tests").append(" skipped:").append(System.lineSeparator());
        byReason.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .forEach(e -> text.append(String.format("  %3d × %s%n", e.getValue(), e.getKey())));
        return text.toString();
    }
}
