package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Table;
import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.Encoder;

/**
 * Writes one row, given as the raw text of its values as the database sent them (one byte array per
 * column, from {@code ResultSet.getBytes}), as the Avro datum of the table's schema, and adds it to
 * the content digest. That text is already the digest's canonical form, names go to Avro as the same
 * UTF-8 bytes, and numbers and instants are parsed once from their digits: no String per value.
 */
final class RawRowWriter implements DatumWriter<byte[][]> {

    private final ColumnType[] types;
    private final String[] names;
    private final ContentDigest digest;

    RawRowWriter(Table table, ContentDigest digest) {
        List<Column> columns = table.columns();
        this.types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
        this.names = columns.stream().map(Column::name).toArray(String[]::new);
        this.digest = digest;
    }

    @Override
    public void setSchema(Schema schema) {
        // The schema is the dictionary's (BackupSchemas.of): fields in column order, as written below.
    }

    @Override
    public void write(byte[][] row, Encoder out) throws IOException {
        for (int i = 0; i < types.length; i++) {
            byte[] text = row[i];
            if (text == null) {
                throw new IllegalStateException(names[i] + " is NULL in a table whose columns are all NOT NULL");
            }
            types[i].writeAvro(text, out, names[i]);
        }
        digest.add(row); // the values' text as sent is the digest's canonical form
    }
}
