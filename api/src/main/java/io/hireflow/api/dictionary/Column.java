package io.hireflow.api.dictionary;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@link RelationCheck}; everything a value can break on its own is checked here, by its type
 * ({@link ColumnType}). Whole rows are judged by {@link RowValidator}.
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
        rules.addAll(type.typeRules());
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
        return type.parse(this, raw, violations);
    }

    /** Like {@link #parse(String, List)}, for a value taken from a JSON object. */
    public Object fromJson(JsonNode node, List<Violation> violations) {
        if (node == null || node.isNull()) {
            violations.add(new Violation(name, Rule.REQUIRED, name + " is required"));
            return null;
        }
        return type.fromJson(this, node, violations);
    }

    /**
     * Like {@link #parse(String, List)}, for a value that is already a 32-bit integer (a typed backup
     * field, never null): required and integer hold by construction, the remaining rules are checked.
     */
    public Object fromInteger(int value, List<Violation> violations) {
        if (type != ColumnType.INTEGER) {
            throw new IllegalArgumentException(name + " is not an integer column");
        }
        return checkKey(value, violations);
    }

    /** The instant as UTC wall time; {@code LocalDateTime.ofInstant} builds new ZoneRules per call on JDK 17. */
    public static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    }

    /** The canonical text form of a typed value, as it appears in CSV files. */
    public static String format(Object value) {
        if (value instanceof Instant instant) {
            return ISO_UTC_SECONDS.format(utc(instant));
        }
        return String.valueOf(value);
    }

    /** An integer that holds as a value of this column: a primary key must be positive. */
    Object checkKey(Integer value, List<Violation> violations) {
        if (primaryKey && value <= 0) {
            violations.add(new Violation(name, Rule.POSITIVE, name + " must be greater than 0, not " + value));
            return null;
        }
        return value;
    }
}
