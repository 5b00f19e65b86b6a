package io.hireflow.api.dictionary;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;

/**
 * One column of the data dictionary and the rules of a single value in it.
 *
 * <p>Rules that need other rows ({@link Rule#UNIQUE}, {@link Rule#EXISTS}) are checked by
 * {@link RelationCheck}; everything a value can break on its own is checked here.
 *
 * @param name the SQL, CSV-header, JSON and Avro field name
 * @param type the value type
 * @param maxLength the longest text allowed, in characters (strings only, else 0)
 * @param references the parent table an id must exist in, or {@code null}
 * @param primaryKey whether this is the table's id: positive and unique
 */
public record Column(String name, ColumnType type, int maxLength, Table references, boolean primaryKey) {

    private static final DateTimeFormatter ISO_UTC_SECONDS = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withResolverStyle(ResolverStyle.STRICT);

    static Column id(String name) {
        return new Column(name, ColumnType.INTEGER, 0, null, true);
    }

    static Column text(String name, int maxLength) {
        return new Column(name, ColumnType.STRING, maxLength, null, false);
    }

    static Column instant(String name) {
        return new Column(name, ColumnType.INSTANT, 0, null, false);
    }

    static Column reference(String name, Table parent) {
        return new Column(name, ColumnType.INTEGER, 0, parent, false);
    }

    /** The rules this column's values are held to, in the order they are checked. */
    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(List.of(Rule.REQUIRED));
        switch (type) {
            case INTEGER -> rules.add(Rule.INTEGER);
            case STRING -> rules.addAll(List.of(Rule.NOT_BLANK, Rule.MAX_LENGTH));
            case INSTANT -> rules.add(Rule.ISO_INSTANT);
        }
        if (primaryKey) {
            rules.addAll(List.of(Rule.POSITIVE, Rule.UNIQUE));
        }
        if (references != null) {
            rules.add(Rule.EXISTS);
        }
        return rules;
    }

    /**
     * Turns raw CSV text into a typed value ({@link Integer}, {@link String} or {@link Instant}),
     * adding every broken rule to {@code violations}. Returns {@code null} when the value is unusable.
     */
    public Object parse(String raw, List<Violation> violations) {
        if (raw == null || raw.isEmpty()) {
            violations.add(new Violation(name, Rule.REQUIRED, name + " is required"));
            return null;
        }
        return switch (type) {
            case INTEGER -> parseInteger(raw, violations);
            case STRING -> checkText(raw, violations);
            case INSTANT -> parseInstant(raw, violations);
        };
    }

    /** Like {@link #parse(String, List)}, for a value taken from a JSON object. */
    public Object fromJson(JsonNode node, List<Violation> violations) {
        if (node == null || node.isNull()) {
            violations.add(new Violation(name, Rule.REQUIRED, name + " is required"));
            return null;
        }
        if (type == ColumnType.INTEGER) {
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return checkId(node.intValue(), violations);
            }
            violations.add(new Violation(name, Rule.INTEGER,
                    name + " must be a whole number between 1 and 2147483647, not " + node));
            return null;
        }
        if (!node.isTextual()) {
            violations.add(new Violation(name, Rule.SHAPE, name + " must be a JSON string, not " + node));
            return null;
        }
        return parse(node.textValue(), violations);
    }

    /**
     * Like {@link #parse(String, List)}, for a value that is already a 32-bit integer (a typed backup
     * field, never null): required and integer hold by construction, the remaining rules are checked.
     */
    public Object fromInteger(int value, List<Violation> violations) {
        if (type != ColumnType.INTEGER) {
            throw new IllegalArgumentException(name + " is not an integer column");
        }
        return checkId(value, violations);
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("not a digit");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The canonical text form of a typed value, as it appears in CSV files. */
    public static String format(Object value) {
        if (value instanceof Instant instant) {
            return ISO_UTC_SECONDS.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
        return String.valueOf(value);
    }

    private Object parseInteger(String raw, List<Violation> violations) {
        try {
            return checkId(Integer.parseInt(raw), violations);
        } catch (NumberFormatException e) {
            violations.add(new Violation(name, Rule.INTEGER,
                    name + " must be a whole number between 1 and 2147483647, not '" + raw + "'"));
            return null;
        }
    }

    private Object checkId(Integer value, List<Violation> violations) {
        if (primaryKey && value <= 0) {
            violations.add(new Violation(name, Rule.POSITIVE, name + " must be greater than 0, not " + value));
            return null;
        }
        return value;
    }

    private Object checkText(String raw, List<Violation> violations) {
        boolean valid = true;
        if (raw.isBlank()) {
            violations.add(new Violation(name, Rule.NOT_BLANK, name + " must not be blank"));
            valid = false;
        }
        int length = raw.codePointCount(0, raw.length());
        if (length > maxLength) {
            violations.add(new Violation(name, Rule.MAX_LENGTH,
                    name + " is " + length + " characters long; at most " + maxLength + " are allowed"));
            valid = false;
        }
        return valid ? raw : null;
    }

    /**
     * A fixed-width shape check, then java.time for the calendar (no 30 February): several times
     * faster than a DateTimeFormatter on the hot path of a history load, and just as strict.
     */
    private Object parseInstant(String raw, List<Violation> violations) {
        try {
            if (raw.length() != 20 || raw.charAt(4) != '-' || raw.charAt(7) != '-' || raw.charAt(10) != 'T'
                    || raw.charAt(13) != ':' || raw.charAt(16) != ':' || raw.charAt(19) != 'Z') {
                throw new DateTimeException("not yyyy-MM-ddTHH:mm:ssZ");
            }
            return LocalDateTime.of(digits(raw, 0, 4), digits(raw, 5, 2), digits(raw, 8, 2), digits(raw, 11, 2),
                    digits(raw, 14, 2), digits(raw, 17, 2)).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            violations.add(new Violation(name, Rule.ISO_INSTANT,
                    name + " must be an ISO-8601 UTC instant like 2021-07-27T16:02:08Z, not '" + raw + "'"));
            return null;
        }
    }
}
