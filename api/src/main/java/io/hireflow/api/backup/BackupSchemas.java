package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.Table;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Derives the Avro schema of each table from the data dictionary: one record named after the table,
 * one documented field per column in dictionary order, {@code timestamp-millis} for instants.
 */
public final class BackupSchemas {

    /** The namespace of every backup record; the record's own name is the table name. */
    public static final String NAMESPACE = "io.hireflow.backup";

    private BackupSchemas() {
    }

    public static Schema of(Table table) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Column column : table.columns()) {
            fields.add(new Schema.Field(column.name(), column.type().avroSchema(), doc(column)));
        }
        return Schema.createRecord(table.tableName(), "One row of the hireflow " + table.tableName()
                + " table; fields in the data dictionary's order, every field mandatory.", NAMESPACE, false, fields);
    }

    /** SHA-256 of the schema's Parsing Canonical Form, in hex: equal for schemas that read data the same way. */
    public static String fingerprint(Schema schema) {
        try {
            return HexFormat.of().formatHex(SchemaNormalization.parsingFingerprint("SHA-256", schema));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Field documentation written from the column's rules, so it cannot drift from them. */
    static String doc(Column column) {
        StringBuilder doc = new StringBuilder();
        if (column.primaryKey()) {
            doc.append("Primary key: a whole number greater than 0, unique in the table.");
        } else if (column.references() != null) {
            doc.append("Reference: the ").append(column.references().idColumn().name()).append(" of an existing row of ")
                    .append(column.references().tableName()).append('.');
        } else {
            doc.append(column.type().avroDoc(column));
        }
        return doc.append(" Rules: ").append(String.join(", ", column.rules().stream().map(r -> r.code()).toList()))
                .append('.').toString();
    }
}
