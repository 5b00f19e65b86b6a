package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Table;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Encodes the current row of a {@link BackupWriter#selectSql} result as the Avro binary datum of the
 * table's schema, and adds it to the content digest. It reads each value as the raw text the database
 * sent: that text is already the digest's canonical form, names go to Avro as the same UTF-8 bytes,
 * and numbers and instants are parsed once from their digits. No String is made per row.
 */
final class RowEncoder {

    private static final byte SEPARATOR = 0x1f;

    private final ColumnType[] types;
    private final String[] names;
    private final ContentDigest digest;
    private final Chunk chunk = new Chunk();
    private final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(chunk, null);
    private byte[] canonical = new byte[256];

    RowEncoder(Table table, ContentDigest digest) {
        List<Column> columns = table.columns();
        this.types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
        this.names = columns.stream().map(Column::name).toArray(String[]::new);
        this.digest = digest;
    }

    /** Encoded rows waiting to be appended: their bytes back to back, and where each one ends. */
    static final class Chunk extends ByteArrayOutputStream {
        private int[] ends = new int[1024];
        private int rows;

        Chunk() {
            super(1 << 16);
        }

        int rows() {
            return rows;
        }

        int start(int row) {
            return row == 0 ? 0 : ends[row - 1];
        }

        int end(int row) {
            return ends[row];
        }

        byte[] bytes() {
            return buf;
        }

        private void endRow() {
            if (rows == ends.length) {
                ends = Arrays.copyOf(ends, rows * 2);
            }
            ends[rows++] = count;
        }

        private Chunk handOver() {
            Chunk full = new Chunk();
            full.buf = buf;
            full.count = count;
            full.ends = ends;
            full.rows = rows;
            buf = new byte[Math.max(1 << 16, count)];
            ends = new int[ends.length];
            count = 0;
            rows = 0;
            return full;
        }
    }

    /** Encodes the result's current row into the chunk being filled. */
    void encode(ResultSet rows) throws SQLException, IOException {
        int length = 0;
        for (int i = 0; i < types.length; i++) {
            byte[] text = rows.getBytes(i + 1);
            if (text == null) {
                throw new IllegalStateException(names[i] + " is NULL in a table whose columns are all NOT NULL");
            }
            switch (types[i]) {
                case INTEGER -> encoder.writeInt(integer(text, names[i]));
                case STRING -> encoder.writeString(new Utf8(text));
                case INSTANT -> encoder.writeLong(InstantText.epochMillis(text));
            }
            if (i > 0) {
                canonical = ensure(canonical, length + 1);
                canonical[length++] = SEPARATOR;
            }
            canonical = ensure(canonical, length + text.length);
            System.arraycopy(text, 0, canonical, length, text.length);
            length += text.length;
        }
        chunk.endRow();
        digest.addCanonical(canonical, 0, length);
    }

    /** Whether the chunk being filled is worth handing to the appender. */
    boolean chunkFull() {
        return chunk.size() >= 1 << 16;
    }

    /** The rows encoded so far, to be appended; encoding continues into a fresh chunk. */
    Chunk takeChunk() {
        return chunk.handOver();
    }

    private static int integer(byte[] digits, String column) {
        long value = 0;
        boolean negative = digits.length > 0 && digits[0] == '-';
        for (int i = negative ? 1 : 0; i < digits.length; i++) {
            int digit = digits[i] - '0';
            if (digit < 0 || digit > 9 || i > 11) {
                throw new IllegalStateException(column + " is not an INT: " + new String(digits));
            }
            value = value * 10 + digit;
        }
        return Math.toIntExact(negative ? -value : value);
    }

    private static byte[] ensure(byte[] buffer, int capacity) {
        return capacity <= buffer.length ? buffer : Arrays.copyOf(buffer, Math.max(capacity, buffer.length * 2));
    }
}
