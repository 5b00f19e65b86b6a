package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Table;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * An Avro file refused by an import, with what the answer needs to say why: it is too large, not an Avro data
 * file, cannot be mapped onto the table, or has rows that break the dictionary. Nothing was stored.
 */
public final class ImportRefusedException extends RuntimeException {

    static final String NOTHING_STORED = " Nothing was stored and no table changed.";

    private final int status;
    private final String slug;
    private final String title;
    private final Map<String, Object> details = new LinkedHashMap<>();

    private ImportRefusedException(int status, String slug, String title, String detail) {
        super(detail + NOTHING_STORED);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    static ImportRefusedException tooLarge(Table table, long max) {
        return new ImportRefusedException(413, "body-too-large", "Body too large", "The file for " + table
                + " is larger than " + max + " bytes, the most an import accepts (hireflow.backup.import-max-size).");
    }

    static ImportRefusedException notAvro(Table table, String cause) {
        return new ImportRefusedException(422, "not-avro", "Not an Avro data file", "The body is not a readable "
                + "Avro object container file (" + cause + "); send the .avro file itself for " + table + ".");
    }

    static ImportRefusedException corrupt(Table table, long row, String cause) {
        return new ImportRefusedException(422, "corrupt-avro", "Corrupt Avro file", "The file for " + table
                + " cannot be decoded after row " + row + " (" + cause + ").").with("rowsRead", row);
    }

    static ImportRefusedException unmappable(Table table, Schema writer, List<AvroFieldMapping.Unmappable> fields) {
        return new ImportRefusedException(422, "unmappable-avro", "Avro file cannot be mapped onto the table",
                "The file's record " + writer.getFullName() + " cannot feed " + table + ": " + String.join("; ",
                        fields.stream().map(f -> f.field() + ": " + f.reason()).toList()) + ".")
                .with("table", table.tableName()).with("fields", fields).with("fileSchema", writer.toString());
    }

    static ImportRefusedException badRows(Table table, long invalid, long rows, List<Map<String, Object>> examples) {
        return new ImportRefusedException(422, "invalid-rows", "Rows break the data dictionary", invalid + " of "
                + rows + " rows of the file break the rules of " + table + "; the first are listed in 'rows' (row "
                + "numbers count from 1).").with("table", table.tableName()).with("invalidRows", invalid)
                .with("rowsRead", rows).with("rows", examples);
    }

    ImportRefusedException with(String name, Object value) {
        details.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    /** Extension members of the problem answer, in order. */
    public Map<String, Object> details() {
        return details;
    }
}
