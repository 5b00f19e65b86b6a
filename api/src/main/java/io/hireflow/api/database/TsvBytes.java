package io.hireflow.api.database;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.TsvOut;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * Writes rows as the tab-separated UTF-8 text that {@link LoadDataEncoder#statement} reads, straight
 * into bytes (no StringBuilder and its copy): on a two-core machine the JVM's time per row is time
 * taken from the database's load. Text is escaped so a tab, newline or backslash inside a name
 * arrives unchanged.
 */
public final class TsvBytes implements TsvOut {

    private byte[] bytes;
    private int length;

    public TsvBytes(int capacity) {
        bytes = new byte[capacity];
    }

    public int length() {
        return length;
    }

    /** The bytes written since the last call, which starts over. */
    public byte[] take() {
        byte[] chunk = Arrays.copyOf(bytes, length);
        length = 0;
        return chunk;
    }

    /** One row of the table's typed values in column order, ended by a newline. */
    public void row(Table table, Object[] values) {
        List<Column> columns = table.columns();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                tab();
            }
            columns.get(i).type().loadData(values[i], this);
        }
        newline();
    }

    public void tab() {
        put((byte) '\t');
    }

    public void newline() {
        put((byte) '\n');
    }

    @Override
    public void integer(int value) {
        ensure(11);
        long v = value; // Integer.MIN_VALUE has no positive int
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        int end = length + digits(v);
        for (int at = end - 1; at >= length; at--) {
            bytes[at] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length = end;
    }

    /**
     * Text as LOAD DATA reads it back unchanged (backslash escapes). The escaped characters are ASCII,
     * and UTF-8 never uses an ASCII byte inside a multi-byte sequence, so the encoded bytes can be escaped.
     */
    @Override
    public void text(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ensure(2 * utf8.length);
        for (byte b : utf8) {
            switch (b) {
                case '\\' -> escaped((byte) '\\');
                case '\t' -> escaped((byte) 't');
                case '\n' -> escaped((byte) 'n');
                case '\r' -> escaped((byte) 'r');
                case 0 -> escaped((byte) '0');
                default -> bytes[length++] = b;
            }
        }
    }

    /** {@code 2021-07-27T16:02:08Z} as the DATETIME literal {@code 2021-07-27 16:02:08} (the session is UTC). */
    @Override
    public void dateTime(String iso) {
        ensure(19);
        for (int i = 0; i < 19; i++) {
            bytes[length++] = i == 10 ? (byte) ' ' : (byte) iso.charAt(i);
        }
    }

    @Override
    public void dateTime(Instant instant) {
        dateTime(Column.utc(instant));
    }

    /** {@code yyyy-MM-dd HH:mm:ss}, written by hand: a formatter costs more than the rest of the row. */
    private void dateTime(LocalDateTime t) {
        digits(t.getYear(), 4);
        put((byte) '-');
        digits(t.getMonthValue(), 2);
        put((byte) '-');
        digits(t.getDayOfMonth(), 2);
        put((byte) ' ');
        digits(t.getHour(), 2);
        put((byte) ':');
        digits(t.getMinute(), 2);
        put((byte) ':');
        digits(t.getSecond(), 2);
    }

    private void digits(int value, int width) {
        ensure(width);
        for (int at = length + width - 1; at >= length; at--) {
            bytes[at] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void escaped(byte b) {
        bytes[length++] = '\\';
        bytes[length++] = b;
    }

    private void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + more, bytes.length * 2));
        }
    }

    private static int digits(long v) {
        int n = 1;
        while (v >= 10) {
            v /= 10;
            n++;
        }
        return n;
    }
}
