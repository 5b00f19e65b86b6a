package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Table;
import io.hireflow.api.failure.DomainException;
import io.hireflow.api.failure.TooLargeException;
import io.hireflow.api.failure.UnusableContentException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The refusals of an import, each saying why for the person who sent the file: too large, not an Avro data
 * file, cannot be mapped onto the table, or rows that break the dictionary. Nothing was stored.
 */
final class ImportRefusals {

    static final String NOTHING_STORED = " Nothing was stored and no table changed.";

    private ImportRefusals() {
    }

    static DomainException tooLarge(Table table, long max) {
        return new TooLargeException("body-too-large", "Body too large", "The file for " + table
                + " is larger than " + max + " bytes, the most an import accepts (hireflow.backup.import-max-size)."
                + NOTHING_STORED);
    }

    static DomainException notAvro(Table table, String cause) {
        return new UnusableContentException("not-avro", "Not an Avro data file", "The body is not a readable "
                + "Avro object container file (" + cause + "); send the .avro file itself for " + table + "."
                + NOTHING_STORED);
    }

    static DomainException corrupt(Table table, long row, String cause) {
        return new UnusableContentException("corrupt-avro", "Corrupt Avro file", "The file for " + table
                + " cannot be decoded after row " + row + " (" + cause + ")." + NOTHING_STORED).with("rowsRead", row);
    }

    static DomainException unmappable(Table table, Schema writer, List<AvroFieldMapping.Unmappable> fields) {
        return new UnusableContentException("unmappable-avro", "Avro file cannot be mapped onto the table",
                "The file's record " + writer.getFullName() + " cannot feed " + table + ": " + String.join("; ",
                        fields.stream().map(f -> f.field() + ": " + f.reason()).toList()) + "." + NOTHING_STORED)
                .with("table", table.tableName()).with("fields", fields).with("fileSchema", writer.toString());
    }

    static DomainException badRows(Table table, long invalid, long rows, List<Map<String, Object>> examples) {
        return new UnusableContentException("invalid-rows", "Rows break the data dictionary", invalid + " of "
                + rows + " rows of the file break the rules of " + table + "; the first are listed in 'rows' (row "
                + "numbers count from 1)." + NOTHING_STORED).with("table", table.tableName())
                .with("invalidRows", invalid).with("rowsRead", rows).with("rows", examples);
    }
}
