package io.hireflow.api.dictionary;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The data dictionary: the one declaration every table, column and rule follows from.
 *
 * <p>SQL columns, CSV column order, JSON field names, validation and the Avro schema are all
 * derived from these constants; {@code DictionaryAgreementTest} proves the Flyway schema agrees.
 * Constants are declared parents first, which is also the order tables are loaded and restored.
 */
public enum Table {
    DEPARTMENTS("departments",
            Column.id("department_id"),
            Column.text("department_name", 100)),
    JOBS("jobs",
            Column.id("job_id"),
            Column.text("job_name", 100)),
    EMPLOYEES("employees",
            Column.id("employee_id"),
            Column.text("employee_name", 200),
            Column.instant("hiring_date"),
            Column.reference("department_id", DEPARTMENTS),
            Column.reference("job_id", JOBS));

    private final String tableName;
    private final List<Column> columns;

    Table(String tableName, Column... columns) {
        this.tableName = tableName;
        this.columns = List.of(columns);
    }

    /** The SQL table name, also the name used in URLs, files and JSON. */
    public String tableName() {
        return tableName;
    }

    /** Columns in their canonical order (CSV order, SQL order, Avro field order). */
    public List<Column> columns() {
        return columns;
    }

    /** The primary-key column: always the first one. */
    public Column idColumn() {
        return columns.get(0);
    }

    /** Columns that must name an existing row of another table. */
    public List<Column> references() {
        return columns.stream().filter(c -> c.references() != null).toList();
    }

    /** Tables whose rows point at this one. */
    public List<Table> children() {
        return Arrays.stream(values())
                .filter(t -> t.references().stream().anyMatch(c -> c.references() == this))
                .toList();
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public static Optional<Table> byName(String name) {
        return Arrays.stream(values()).filter(t -> t.tableName.equals(name)).findFirst();
    }

    public static List<String> names() {
        return Arrays.stream(values()).map(Table::tableName).toList();
    }

    @Override
    public String toString() {
        return tableName;
    }
}
