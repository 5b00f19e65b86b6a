package io.hireflow.api.backup;

import io.hireflow.api.database.LoadDataEncoder;
import io.hireflow.api.database.ReadAheadStream;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Table;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The valid rows of a {@link BackupScan} as the tab-separated text {@code LOAD DATA LOCAL INFILE}
 * reads, a chunk at a time for {@link ReadAheadStream}: the file is never expanded on disk or in memory.
 *
 * <p>A failure while reading (a corrupt block, say) must not surface inside the driver's upload,
 * which would leave the connection in an unknown state: it ends the stream early and is kept for
 * {@link #failure()}, and the caller drops the staging table.
 */
final class LoadDataStream implements ReadAheadStream.Chunks {

    private static final int CHUNK = 1 << 16;

    private final BackupScan scan;
    private final boolean[] instant;
    private final StringBuilder text = new StringBuilder(CHUNK + 1024);
    private final BackupScan.Sink sink = this::append;
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

    RuntimeException failure() {
        return failure;
    }

    /** Rows handed to the database. */
    long rows() {
        return rows;
    }

    /** The next chunk of rows as UTF-8 text, or {@code null} at the end (or after a failure). */
    @Override
    public byte[] next() {
        if (ended) {
            return null;
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
            return null;
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
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
                LoadDataEncoder.escape(text, value);
            }
        }
        text.append('\n');
        rows++;
    }
}
