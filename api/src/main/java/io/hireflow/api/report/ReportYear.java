package io.hireflow.api.report;

import io.hireflow.api.failure.DomainException;
import io.hireflow.api.failure.InvalidRequestException;
import java.time.LocalDateTime;
import java.util.regex.Pattern;

/**
 * A report year and its UTC bounds, a half-open range on {@code hiring_date} ({@code [Jan 1, next Jan 1)}) so the
 * SQL stays sargable on the index.
 *
 * @param value the calendar year, 1900 to 9999
 */
public record ReportYear(int value) {

    public static final int MIN = 1900;
    public static final int MAX = 9999;

    // Four digits only: Integer.parseInt would also take "+2021", " 2021" or "٢٠٢١".
    private static final Pattern DIGITS = Pattern.compile("[0-9]{4}");

    public ReportYear {
        if (value < MIN || value > MAX) {
            throw invalid(String.valueOf(value));
        }
    }

    /** The {@code year} query parameter, or the default when it is absent. */
    public static ReportYear parse(String raw, int defaultYear) {
        if (raw == null) {
            return new ReportYear(defaultYear);
        }
        if (!DIGITS.matcher(raw).matches()) {
            throw invalid(raw);
        }
        return new ReportYear(Integer.parseInt(raw));
    }

    /** First instant of the year (UTC), inclusive. */
    public LocalDateTime start() {
        return LocalDateTime.of(value, 1, 1, 0, 0);
    }

    /** End of the year (UTC): exclusive, except for year 9999 (see {@link #endInclusive()}). */
    public LocalDateTime end() {
        return endInclusive() ? LocalDateTime.of(MAX, 12, 31, 23, 59, 59) : LocalDateTime.of(value + 1, 1, 1, 0, 0);
    }

    /**
     * Year 9999 has no next January 1st in a DATETIME column (it stops at 9999-12-31 23:59:59, and a fractional
     * bound is rounded differently by MariaDB versions), so its range ends on its last second, inclusive.
     */
    public boolean endInclusive() {
        return value == MAX;
    }

    private static DomainException invalid(String raw) {
        return new InvalidRequestException("invalid-year", "Invalid year",
                "'" + raw + "' is not a valid year; give a four-digit year from " + MIN + " to " + MAX
                        + ", e.g. year=2021")
                .with("minYear", MIN).with("maxYear", MAX);
    }
}
