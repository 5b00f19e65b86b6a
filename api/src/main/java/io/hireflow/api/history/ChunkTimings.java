package io.hireflow.api.history;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where one table's load spends its time, summed over chunks and threads: the reader's cutting and
 * checking, its waits for a free writer, and each step of the writers' chunk transactions. Logged
 * when the table ends, so a slow load says whether the server (rows, rejects, commit) or the JVM is
 * the cost without a profiler.
 */
final class ChunkTimings {

    enum Step {
        CUT("cut"), CHECK("check"), QUEUE("wait for a writer"), ROWS("LOAD DATA rows"), PROGRESS("progress row"),
        LEASES("lease check"), REJECTS("rejects (order lock + LOAD DATA)"), COMMIT("commit"),
        METRICS("rejects metrics");

        final String label;

        Step(String label) {
            this.label = label;
        }
    }

    private final LongAdder[] nanos = new LongAdder[Step.values().length];

    ChunkTimings() {
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = new LongAdder();
        }
    }

    /** Adds the time since {@code startedNanos} to the step; returns now, the next step's start. */
    long add(Step step, long startedNanos) {
        long now = System.nanoTime();
        nanos[step.ordinal()].add(now - startedNanos);
        return now;
    }

    double seconds(Step step) {
        return nanos[step.ordinal()].sum() / 1e9;
    }

    /** "cut 0.41 s, check 2.10 s, …" (thread-seconds: with two writers, the writers' sum exceeds the wall time). */
    String summary() {
        StringBuilder out = new StringBuilder();
        for (Step step : Step.values()) {
            out.append(out.isEmpty() ? "" : ", ").append(step.label).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.2f s", seconds(step)));
        }
        return out.toString();
    }
}
