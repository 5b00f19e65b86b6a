package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Table;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The valid rows of a {@link BackupScan} as the tab-separated text {@code LOAD DATA LOCAL INFILE}
 * reads, produced on demand while the driver sends it: the file is never expanded on disk or in memory.
 *
 * <p>A failure while reading (a corrupt block, say) must not surface inside the driver's upload,
 * which would leave the connection in an unknown state: it ends the stream early and is kept for
 * {@link #failure()}, and the caller drops the staging table.
 */
final class LoadDataStream extends InputStream {

    private static final int CHUNK = 1 << 16;

    private final BackupScan scan;
    private final boolean[] instant;
    private final StringBuilder text = new StringBuilder(CHUNK + 1024);
    private final BackupScan.Sink sink = this::append;
    private byte[] buffer = new byte[0];
    private int position;
    private boolean ended;
    private RuntimeException failure;
    private long rows;

    LoadDataStream(Table table, BackupScan scan) {
        this.scan = scan;
        List<Column> columns = table.columns();
        this.instant = new boolean[columns.size()];
        for (int i = 0; i < instant.length; i++) {
            instant[i] = columns.get(i).type() == ColumnType.INSTANT;
        }
    }

    /** The statement that reads this stream into {@code targetTable}, columns named from the dictionary. */
    static String sql(Table table, String targetTable) {
        String columns = table.columns().stream().map(Column::name).collect(Collectors.joining(", "));
        return "LOAD DATA LOCAL INFILE 'backup.tsv' INTO TABLE " + targetTable + " CHARACTER SET utf8mb4"
                + " FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (" + columns + ")";
    }

    RuntimeException failure() {
        return failure;
    }

    /** Rows handed to the database. */
    long rows() {
        return rows;
    }

    @Override
    public int read() {
        if (!ensure()) {
            return -1;
        }
        return buffer[position++] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (!ensure()) {
            return -1;
        }
        int n = Math.min(length, buffer.length - position);
        System.arraycopy(buffer, position, target, offset, n);
        position += n;
        return n;
    }

    private boolean ensure() {
        while (position >= buffer.length) {
            if (ended) {
                return false;
            }
            text.setLength(0);
            try {
                while (text.length() < CHUNK) {
                    if (!scan.step(sink)) {
                        ended = true;
                        break;
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
                ended = true;
                text.setLength(0);
            }
            buffer = text.toString().getBytes(StandardCharsets.UTF_8);
            position = 0;
        }
        return true;
    }

    private void append(String[] formatted) {
        for (int i = 0; i < formatted.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            String value = formatted[i];
            if (instant[i]) {
                // 2021-07-27T16:02:08Z -> 2021-07-27 16:02:08, the DATETIME literal (the session is UTC)
                text.append(value, 0, 10).append(' ').append(value, 11, 19);
            } else {
                escape(value);
            }
        }
        text.append('\n');
        rows++;
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\0' -> text.append("\\0");
                default -> text.append(c);
            }
        }
    }
}
