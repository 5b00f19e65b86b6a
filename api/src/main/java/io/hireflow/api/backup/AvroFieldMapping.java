package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Rule;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Maps the fields of an Avro file hireflow did not write onto a table's columns, by name, with a declared
 * conversion for each: what a Spark, Sqoop, Kafka Connect or fastavro file holds becomes the dictionary's
 * typed values, or the file is refused naming every field that cannot be mapped and why.
 */
final class AvroFieldMapping {

    /** How one column is read from the file: the field, its Avro type, and the conversion applied. */
    record FieldMapping(String column, String field, String fieldType, String conversion) {
    }

    /** A field that cannot feed its column, and why. */
    record Unmappable(String field, String reason) {
    }

    /** The conversions an import knows; each judges a value as the column's rules demand. */
    enum Conversion {
        INT("int, as is"),
        LONG_TO_INT("long to int, within 32 bits"),
        TEXT("string, as is"),
        ISO_TEXT("string parsed as an ISO-8601 UTC instant (2021-07-27T16:02:08Z)"),
        TIMESTAMP_MILLIS("timestamp-millis, whole seconds"),
        TIMESTAMP_MICROS("timestamp-micros, whole seconds");

        private final String description;

        Conversion(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    private final Table table;
    private final int[] positions;
    private final Conversion[] conversions;
    private final List<FieldMapping> fields;
    private final List<String> ignored;

    private AvroFieldMapping(Table table, int[] positions, Conversion[] conversions, List<FieldMapping> fields,
            List<String> ignored) {
        this.table = table;
        this.positions = positions;
        this.conversions = conversions;
        this.fields = fields;
        this.ignored = ignored;
    }

    /**
     * The mapping of {@code writer} onto {@code table}; fields the table does not have are ignored (and listed).
     *
     * @throws io.hireflow.api.failure.UnusableContentException naming every column without a usable field
     */
    static AvroFieldMapping of(Table table, Schema writer) {
        if (writer.getType() != Schema.Type.RECORD) {
            throw ImportRefusals.unmappable(table, writer, List.of(new Unmappable(writer.getFullName(),
                    "the file holds " + writer.getType().getName() + " values, not records with one field per column")));
        }
        List<Column> columns = table.columns();
        int[] positions = new int[columns.size()];
        Conversion[] conversions = new Conversion[columns.size()];
        List<FieldMapping> fields = new ArrayList<>();
        List<Unmappable> refusals = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            Schema.Field field = writer.getField(column.name());
            if (field == null) {
                refusals.add(new Unmappable(column.name(), "the file has no field " + column.name() + " (its fields: "
                        + String.join(", ", writer.getFields().stream().map(Schema.Field::name).toList()) + ")"));
                continue;
            }
            Schema type = withoutNull(field.schema());
            Conversion conversion = type == null ? null : conversion(column, type);
            if (conversion == null) {
                refusals.add(new Unmappable(column.name(), "a " + describe(field.schema()) + " field cannot feed the "
                        + column.type().name().toLowerCase() + " column " + column.name() + "; accepted: "
                        + accepted(column.type())));
                continue;
            }
            positions[i] = field.pos();
            conversions[i] = conversion;
            fields.add(new FieldMapping(column.name(), field.name(), describe(field.schema()), conversion.description()));
        }
        if (!refusals.isEmpty()) {
            throw ImportRefusals.unmappable(table, writer, refusals);
        }
        List<String> ignored = writer.getFields().stream().map(Schema.Field::name)
                .filter(name -> table.column(name).isEmpty()).toList();
        return new AvroFieldMapping(table, positions, conversions, List.copyOf(fields), ignored);
    }

    List<FieldMapping> fields() {
        return fields;
    }

    List<String> ignoredFields() {
        return ignored;
    }

    /**
     * Reads one record into the column's typed values ({@link Integer}, {@link String}, {@link Instant}), adding
     * every broken rule to {@code violations}; a value that breaks a rule is {@code null} in the result.
     * {@code shown} receives each raw value as text, for the answer about a bad row.
     */
    Object[] convert(GenericRecord record, List<Violation> violations, String[] shown) {
        List<Column> columns = table.columns();
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Column column = columns.get(i);
            Object raw = record.get(positions[i]);
            shown[i] = raw == null ? null : raw.toString();
            if (raw == null) {
                violations.add(new Violation(column.name(), Rule.REQUIRED, column.name() + " is null"));
                continue;
            }
            values[i] = switch (conversions[i]) {
                case INT -> column.fromInteger((Integer) raw, violations);
                case LONG_TO_INT -> toInt(column, (Long) raw, violations);
                case TEXT, ISO_TEXT -> column.parse(raw.toString(), violations);
                case TIMESTAMP_MILLIS -> wholeSecond(column, (Long) raw, 1, shown, i, violations);
                case TIMESTAMP_MICROS -> wholeSecond(column, (Long) raw, 1000, shown, i, violations);
            };
        }
        return values;
    }

    private static Object toInt(Column column, long value, List<Violation> violations) {
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            violations.add(new Violation(column.name(), Rule.INTEGER, column.name() + " " + value
                    + " does not fit in 32 bits (at most 2147483647)"));
            return null;
        }
        return column.fromInteger((int) value, violations);
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

    /** The type inside a {@code ["null", T]} union (or the type itself); {@code null} for any other union. */
    private static Schema withoutNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> others = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        return others.size() == 1 && schema.getTypes().size() == 2 ? others.get(0) : null;
    }

    private static Conversion conversion(Column column, Schema type) {
        LogicalType logical = type.getLogicalType();
        String logicalName = logical == null ? null : logical.getName();
        return switch (column.type()) {
            case INTEGER -> logical != null ? null
                    : type.getType() == Schema.Type.INT ? Conversion.INT
                    : type.getType() == Schema.Type.LONG ? Conversion.LONG_TO_INT : null;
            case STRING -> type.getType() == Schema.Type.STRING && logical == null ? Conversion.TEXT : null;
            case INSTANT -> type.getType() == Schema.Type.STRING && logical == null ? Conversion.ISO_TEXT
                    : type.getType() != Schema.Type.LONG ? null
                    : "timestamp-millis".equals(logicalName) ? Conversion.TIMESTAMP_MILLIS
                    : "timestamp-micros".equals(logicalName) ? Conversion.TIMESTAMP_MICROS : null;
        };
    }

    private static String accepted(ColumnType type) {
        return switch (type) {
            case INTEGER -> "int or long (or either in a union with null)";
            case STRING -> "string (or a union of null and string)";
            case INSTANT -> "an ISO-8601 string, or long with logical type timestamp-millis or timestamp-micros "
                    + "(or either in a union with null)";
        };
    }

    /** The field's type as a person reads it: {@code long}, {@code ["null","string"]}, {@code long (timestamp-micros)}. */
    static String describe(Schema schema) {
        if (schema.getType() == Schema.Type.UNION) {
            return "[" + String.join(",", schema.getTypes().stream().map(AvroFieldMapping::describe).toList()) + "]";
        }
        String name = schema.getType() == Schema.Type.RECORD || schema.getType() == Schema.Type.ENUM
                || schema.getType() == Schema.Type.FIXED ? schema.getType().getName() + " " + schema.getFullName()
                        : schema.getType().getName();
        return schema.getLogicalType() == null ? name : name + " (" + schema.getLogicalType().getName() + ")";
    }
}
