package io.hireflow.api.dictionary;

/** The value types the dictionary knows, each with the SQL type it is stored as. */
public enum ColumnType {
    /** A 32-bit signed integer. */
    INTEGER("INT"),
    /** Unicode text, bounded by the column's maximum length. */
    STRING("VARCHAR"),
    /** An ISO-8601 UTC instant with second precision, written like {@code 2021-07-27T16:02:08Z}. */
    INSTANT("DATETIME");

    private final String sqlType;

    ColumnType(String sqlType) {
        this.sqlType = sqlType;
    }

    /** The SQL data type name, as information_schema reports it (lower-cased there). */
    public String sqlType() {
        return sqlType;
    }
}
