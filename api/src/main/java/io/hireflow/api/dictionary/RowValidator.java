package io.hireflow.api.dictionary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.avro.generic.GenericRecord;

/**
 * The one way a row of a table is judged, whatever brings it: a batch (JSON or CSV), a chunk of a
 * history file, a backup being verified or restored, a foreign Avro file being imported. First the
 * rules a row breaks on its own (shape, column count, and each column's: see {@link Column} and
 * {@link ColumnType}), then the relation rules: unique ids and existing parents, by the
 * {@link RelationCheck} the caller passes in, because only the caller knows where the ids are (read
 * with locks in a batch's transaction, scanned before a load, the parents' tables of a restore, none
 * at all for a verify). Judge rows in source order: the first valid row with an id wins.
 *
 * <p>A batch is the one caller that judges in two steps: its rows {@linkplain #rowRulesOnly on their own}
 * as the request is read, and their {@linkplain #relations relations} inside the transaction that
 * reads the ids (once per attempt: a retried transaction judges them again).
 */
public final class RowValidator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Table table;
    private final RelationCheck relations;

    /** Judges every rule, the relation rules by {@code relations}. */
    public RowValidator(Table table, RelationCheck relations) {
        this.table = table;
        this.relations = relations;
    }

    /** Judges the rules a row can break on its own, not the relation rules (see {@link #relations}). */
    public static RowValidator rowRulesOnly(Table table) {
        return new RowValidator(table, null);
    }

    /** Judges a headerless CSV record whose fields are in dictionary order. */
    public CheckedRow csv(List<String> fields) {
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
        return related(new CheckedRow(values, violations, () -> rawFields(fields)));
    }

    /** Judges one JSON object whose field names are the dictionary's column names. */
    public CheckedRow json(JsonNode node) {
        List<Column> columns = table.columns();
        List<Violation> violations = new ArrayList<>(2);
        Object[] values = new Object[columns.size()];
        if (!node.isObject()) {
            violations.add(new Violation(null, Rule.SHAPE, "each row must be a JSON object with the fields "
                    + String.join(", ", columnNames())));
            return related(new CheckedRow(values, violations, () -> node));
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
        return related(new CheckedRow(values, violations, () -> node));
    }

    /**
     * Judges one record of a hireflow backup file, read with the table's own schema (fields in column order):
     * each datum by its column's type ({@link ColumnType#fromAvro}), which also puts the row's cells into
     * {@code cells} (only valid until the next call).
     */
    public CheckedRow backupRecord(GenericRecord record, Object[] cells) {
        List<Column> columns = table.columns();
        List<Violation> violations = new ArrayList<>(0);
        Object[] values = new Object[cells.length];
        for (int i = 0; i < cells.length; i++) {
            Column column = columns.get(i);
            Object datum = record.get(i);
            if (datum == null) {
                cells[i] = null;
                values[i] = column.parse(null, violations);
            } else {
                values[i] = column.type().fromAvro(column, datum, cells, i, violations);
            }
        }
        return related(new CheckedRow(values, violations, null));
    }

    /**
     * Judges a row whose values were judged column by column as they were read (a foreign Avro file, see
     * {@link AvroConversion}), with what they broke.
     */
    public CheckedRow typed(Object[] values, List<Violation> violations) {
        return related(new CheckedRow(values, violations, null));
    }

    /** The relation rules, for a row judged {@linkplain #rowRulesOnly on its own} before. */
    public CheckedRow relations(CheckedRow row) {
        return relations.apply(row);
    }

    /** The ids of the rows accepted so far. */
    public IdSet accepted() {
        return relations.accepted();
    }

    private CheckedRow related(CheckedRow row) {
        return relations == null ? row : relations.apply(row);
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
