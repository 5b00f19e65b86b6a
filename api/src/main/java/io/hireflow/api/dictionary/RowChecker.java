package io.hireflow.api.dictionary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Judges rows of one table against every rule a row can break on its own: column count or shape,
 * types, mandatory fields, lengths, the strict instant format. Rules that need other rows are
 * {@link RelationCheck}'s.
 */
public final class RowChecker {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Table table;

    public RowChecker(Table table) {
        this.table = table;
    }

    /** Checks a headerless CSV record whose fields are in dictionary order. */
    public CheckedRow checkFields(List<String> fields) {
        List<Column> columns = table.columns();
        List<Violation> violations = new ArrayList<>(2);
        Object[] values = new Object[columns.size()];
        if (fields.size() != columns.size()) {
            violations.add(new Violation(null, Rule.COLUMN_COUNT, "expected " + columns.size()
                    + " columns (" + String.join(", ", columnNames()) + "), found " + fields.size()));
        } else {
            for (int i = 0; i < values.length; i++) {
                values[i] = columns.get(i).parse(fields.get(i), violations);
            }
        }
        return new CheckedRow(values, violations, () -> rawFields(fields));
    }

    /** Checks one JSON object whose field names are the dictionary's column names. */
    public CheckedRow checkJson(JsonNode node) {
        List<Column> columns = table.columns();
        List<Violation> violations = new ArrayList<>(2);
        Object[] values = new Object[columns.size()];
        if (!node.isObject()) {
            violations.add(new Violation(null, Rule.SHAPE, "each row must be a JSON object with the fields "
                    + String.join(", ", columnNames())));
            return new CheckedRow(values, violations, () -> node);
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (table.column(field).isEmpty()) {
                violations.add(new Violation(field, Rule.SHAPE, "'" + field + "' is not a column of "
                        + table + "; the columns are " + String.join(", ", columnNames())));
            }
        }
        for (int i = 0; i < values.length; i++) {
            Column column = columns.get(i);
            values[i] = column.fromJson(node.get(column.name()), violations);
        }
        return new CheckedRow(values, violations, () -> node);
    }

    /** Raw CSV fields as a JSON object by column name, or as an array when the count is off. */
    private JsonNode rawFields(List<String> fields) {
        List<Column> columns = table.columns();
        if (fields.size() == columns.size()) {
            ObjectNode raw = JSON.objectNode();
            for (int i = 0; i < fields.size(); i++) {
                raw.put(columns.get(i).name(), fields.get(i));
            }
            return raw;
        }
        ArrayNode raw = JSON.arrayNode();
        fields.forEach(raw::add);
        return raw;
    }

    private List<String> columnNames() {
        return table.columns().stream().map(Column::name).toList();
    }
}
