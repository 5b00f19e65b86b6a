package io.hireflow.api.backup;

import io.hireflow.api.database.LoadDataEncoder;
import io.hireflow.api.database.ReadAheadStream;
import io.hireflow.api.database.TsvBytes;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Table;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The valid rows of a {@link BackupScan} as the tab-separated text {@code LOAD DATA LOCAL INFILE}
 * reads ({@link LoadDataEncoder}), a chunk at a time for {@link ReadAheadStream}: the file is never
 * expanded on disk or in memory.
 *
 * <p>A failure while reading (a corrupt block, say) must not surface inside the driver's upload,
 * which would leave the connection in an unknown state: it ends the stream early and is kept for
 * {@link #failure()}, and the caller drops the staging table. The first invalid row ends it too:
 * the restore is refused either way. Either raises the shared {@code stop}, which ends the streams
 * of the other parts loading beside this one.
 */
final class LoadDataStream implements ReadAheadStream.Chunks {

    private static final int CHUNK = 1 << 16;

    private final BackupScan scan;
    private final AtomicBoolean stop;
    private final ColumnType[] types;
    private final TsvBytes tsv = new TsvBytes(CHUNK + 1024);
    private final BackupScan.Sink sink = this::append;
    private boolean ended;
    private RuntimeException failure;
    private long rows;

    LoadDataStream(Table table, BackupScan scan, AtomicBoolean stop) {
        this.scan = scan;
        this.stop = stop;
        this.types = table.columns().stream().map(c -> c.type()).toArray(ColumnType[]::new);
    }

    RuntimeException failure() {
        return failure;
    }

    /** Rows handed to the database. */
    long rows() {
        return rows;
    }

    /** The next chunk of rows as UTF-8 text, or {@code null} at the end (or after a failure, here or in another part). */
    @Override
    public byte[] next() {
        if (ended || stop.get()) {
            return null;
        }
        try {
            while (tsv.length() < CHUNK) {
                if (!scan.step(sink)) {
                    ended = true;
                    break;
                }
                if (scan.invalidRows() > 0) {
                    stop.set(true);
                    ended = true;
                    return null;
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            stop.set(true);
            ended = true;
            return null;
        }
        return tsv.take();
    }

    private void append(Object[] cells) {
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                tsv.tab();
            }
            types[i].loadDataCell(cells[i], tsv);
        }
        tsv.newline();
        rows++;
    }
}
