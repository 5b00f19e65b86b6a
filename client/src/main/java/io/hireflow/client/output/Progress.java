package io.hireflow.client.output;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on stderr (rows, rows/s, ETA), redrawn in place; silent unless stderr is a
 * terminal or {@code --progress} asked for it, so logs and pipes stay clean.
 */
public final class Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final long startNanos = System.nanoTime();
    private long total;
    private String unit = "rows";
    private long lastDraw;
    private boolean drawn;

    private Progress(PrintWriter err, boolean enabled, String label, long total) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    /** @param total the expected number of rows, or a negative number when unknown */
    public static Progress start(PrintWriter err, boolean forced, String label, long total) {
        return new Progress(err, forced || System.console() != null, label, total);
    }

    /** What is counted, {@code rows} unless set (e.g. {@code MB} for a file being sent). */
    public Progress unit(String unit) {
        this.unit = unit;
        return this;
    }

    public boolean enabled() {
        return enabled;
    }

    public void total(long total) {
        this.total = total;
    }

    public void update(long done) {
        update(done, "");
    }

    /** Redraws at most five times a second; {@code extra} is appended to the line (e.g. the table). */
    public void update(long done, String extra) {
        if (shouldDraw()) {
            draw(line(done, (System.nanoTime() - startNanos) / 1e9, extra));
        }
    }

    /**
     * Redraws with figures someone else measured (the API's, for a load that runs there): rows done, rows to
     * go, rows per second and the seconds left, each {@code null} while unknown.
     */
    public void update(long done, Long toGo, Long rate, Long etaSeconds, String extra) {
        if (toGo != null) {
            total = done + toGo;
        }
        if (shouldDraw()) {
            draw(line(done, rate == null ? 0 : rate, etaSeconds, extra));
        }
    }

    private boolean shouldDraw() {
        if (!enabled) {
            return false;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < REDRAW_NANOS) {
            return false;
        }
        lastDraw = now;
        drawn = true;
        return true;
    }

    private void draw(String line) {
        err.print("\r" + line + "\u001b[K");
        err.flush();
    }

    /** Ends the line so following output starts on a fresh one. */
    public void finish(long done) {
        if (!enabled) {
            return;
        }
        lastDraw = 0;
        drawn = false;
        update(done);
        err.println();
        err.flush();
    }

    String line(long done, double seconds, String extra) {
        double rate = seconds > 0 ? done / seconds : 0;
        Long eta = total > 0 && rate > 0 && done < total ? Math.round((total - done) / rate) : null;
        return line(done, rate, eta, extra);
    }

    String line(long done, double rate, Long etaSeconds, String extra) {
        StringBuilder line = new StringBuilder(label).append(' ');
        if (total > 0) {
            long shown = Math.min(done, total);
            int filled = (int) (WIDTH * shown / total);
            line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ")
                    .append(shown).append('/').append(total).append(' ').append(unit);
            if (done < total) {
                line.append(String.format(Locale.ROOT, ", %,d to go", total - done));
            }
        } else {
            line.append(done).append(' ').append(unit);
        }
        line.append(String.format(Locale.ROOT, "  %,.0f %s/s", rate, unit));
        if (etaSeconds != null && done < total) {
            line.append("  ETA ").append(duration(etaSeconds));
        }
        if (!extra.isEmpty()) {
            line.append("  ").append(extra);
        }
        return line.toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
