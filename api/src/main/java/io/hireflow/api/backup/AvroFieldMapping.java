package io.hireflow.api.backup;

import io.hireflow.api.dictionary.AvroConversion;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.Rule;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Violation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    private final Table table;
    private final int[] positions;
    private final AvroConversion[] conversions;
    private final List<FieldMapping> fields;
    private final List<String> ignored;

    private AvroFieldMapping(Table table, int[] positions, AvroConversion[] conversions, List<FieldMapping> fields,
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
        AvroConversion[] conversions = new AvroConversion[columns.size()];
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
            AvroConversion conversion = type == null ? null : column.type().conversionFrom(type);
            if (conversion == null) {
                refusals.add(new Unmappable(column.name(), "a " + describe(field.schema()) + " field cannot feed the "
                        + column.type().name().toLowerCase() + " column " + column.name() + "; accepted: "
                        + column.type().acceptedAvro()));
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
            values[i] = conversions[i].convert(column, raw, shown, i, violations);
        }
        return values;
    }

    /** The type inside a {@code ["null", T]} union (or the type itself); {@code null} for any other union. */
    private static Schema withoutNull(Schema schema) {
        if (schema.getType() != Schema.Type.UNION) {
            return schema;
        }
        List<Schema> others = schema.getTypes().stream().filter(s -> s.getType() != Schema.Type.NULL).toList();
        return others.size() == 1 && schema.getTypes().size() == 2 ? others.get(0) : null;
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
