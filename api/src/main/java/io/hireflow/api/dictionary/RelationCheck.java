package io.hireflow.api.dictionary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The rules that depend on other rows: an id must not be in the table yet nor repeated earlier in
 * the same batch or file, and every reference must name an existing parent row.
 *
 * <p>Apply it to rows in source order: the first valid row with an id wins, a later repeat is
 * rejected.
 */
public final class RelationCheck {

    private final Table table;
    private final IntPredicate inTable;
    private final Map<Table, IntPredicate> parentHas;
    private final IdSet accepted = new IdSet();

    /**
     * @param inTable whether an id is already stored in the table
     * @param parentHas for each parent table, whether an id exists there
     */
    public RelationCheck(Table table, IntPredicate inTable, Map<Table, IntPredicate> parentHas) {
        this.table = table;
        this.inTable = inTable;
        this.parentHas = parentHas;
    }

    /**
     * Only repeats among the rows themselves: no id is stored yet and every parent id counts as existing
     * (a backup verified without its parents, a foreign file before it is imported).
     */
    public static RelationCheck withinRows(Table table) {
        Map<Table, IntPredicate> anyParent = new LinkedHashMap<>();
        table.references().forEach(column -> anyParent.put(column.references(), id -> true));
        return new RelationCheck(table, id -> false, anyParent);
    }

    /** Adds the broken relation rules to the row's violations; remembers the id when the row is valid. */
    public CheckedRow apply(CheckedRow row) {
        Object[] values = row.values();
        Integer id = row.id();
        List<Violation> violations = row.violations();
        if (id != null && (accepted.contains(id) || inTable.test(id))) {
            String name = table.idColumn().name();
            violations.add(new Violation(name, Rule.UNIQUE, accepted.contains(id)
                    ? name + " " + id + " appears earlier in the same batch or file"
                    : name + " " + id + " already exists in " + table));
        }
        List<Column> columns = table.columns();
        for (int i = 1; i < values.length; i++) {
            Table parent = columns.get(i).references();
            if (parent != null && values[i] != null && !parentHas.get(parent).test((Integer) values[i])) {
                violations.add(new Violation(columns.get(i).name(), Rule.EXISTS,
                        columns.get(i).name() + " " + values[i] + " does not exist in " + parent));
            }
        }
        if (violations.isEmpty()) {
            accepted.add(id);
        }
        return row;
    }

    /** The ids of the rows accepted so far. */
    public IdSet accepted() {
        return accepted;
    }
}
