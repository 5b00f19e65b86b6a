package io.hireflow.api.dictionary;

import java.time.Instant;
import java.util.List;

/**
 * How a value of an Avro file hireflow did not write (Spark, Sqoop, Kafka Connect, fastavro) becomes a typed
 * value; {@link ColumnType#conversionFrom} picks one per field. Each judges the value as the column's rules demand.
 */
public enum AvroConversion {
    INT("int, as is") {
        @Override
        public Object convert(Column column, Object datum, String[] shown, int at, List<Violation> violations) {
            return column.fromInteger((Integer) datum, violations);
        }
    },
    LONG_TO_INT("long to int, within 32 bits") {
        @Override
        public Object convert(Column column, Object datum, String[] shown, int at, List<Violation> violations) {
            long value = (Long) datum;
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                violations.add(new Violation(column.name(), Rule.INTEGER, column.name() + " " + value
                        + " does not fit in 32 bits (at most 2147483647)"));
                return null;
            }
            return column.fromInteger((int) value, violations);
        }
    },
    TEXT("string, as is"),
    ISO_TEXT("string parsed as an ISO-8601 UTC instant (2021-07-27T16:02:08Z)"),
    TIMESTAMP_MILLIS("timestamp-millis, whole seconds") {
        @Override
        public Object convert(Column column, Object datum, String[] shown, int at, List<Violation> violations) {
            return wholeSecond(column, (Long) datum, 1, shown, at, violations);
        }
    },
    TIMESTAMP_MICROS("timestamp-micros, whole seconds") {
        @Override
        public Object convert(Column column, Object datum, String[] shown, int at, List<Violation> violations) {
            return wholeSecond(column, (Long) datum, 1000, shown, at, violations);
        }
    };

    private final String description;

    AvroConversion(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * A non-null datum as a typed value, or {@code null} after adding what it breaks to {@code violations};
     * {@code shown[at]} holds the datum's text for the answer about a bad row, and may be made clearer.
     * Text is parsed like a CSV field.
     */
    public Object convert(Column column, Object datum, String[] shown, int at, List<Violation> violations) {
        return column.parse(datum.toString(), violations);
    }

    /** An epoch count in {@code perMilli}ths of a millisecond as an instant, if it is a whole second in 0000-9999. */
    private static Object wholeSecond(Column column, long count, int perMilli, String[] shown, int at,
            List<Violation> violations) {
        Instant instant = Instant.EPOCH.plusMillis(Math.floorDiv(count, perMilli))
                .plusNanos(Math.floorMod(count, perMilli) * (1_000_000L / perMilli));
        shown[at] = instant.toString();
        if (count % perMilli != 0 || InstantText.iso(Math.floorDiv(count, perMilli)) == null) {
            violations.add(new Violation(column.name(), Rule.ISO_INSTANT, column.name() + " " + instant
                    + " is not a whole-second UTC instant between years 0000 and 9999"));
            return null;
        }
        return instant;
    }
}
