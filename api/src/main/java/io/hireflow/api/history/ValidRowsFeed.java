package io.hireflow.api.history;

import de.siegmar.fastcsv.reader.CsvRecord;
import io.hireflow.api.database.ReadAheadStream;
import io.hireflow.api.database.TsvBytes;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.RowChecker;
import io.hireflow.api.dictionary.Table;
import java.util.Iterator;
import java.util.function.BiConsumer;

/**
 * What {@code LOAD DATA LOCAL INFILE} reads: pulls CSV records one at a time, checks each against
 * the dictionary, and hands out the valid ones as tab-separated text a chunk at a time (read ahead
 * by {@link ReadAheadStream}). Memory stays at a few chunks whatever the file size. Rejected rows go
 * to {@code rejects}.
 */
final class ValidRowsFeed implements ReadAheadStream.Chunks {

    private static final int CHUNK = 64 * 1024;

    private final Iterator<CsvRecord> records;
    private final Table table;
    private final RowChecker checker;
    private final RelationCheck relations;
    private final TableProgress progress;
    private final BiConsumer<CsvRecord, CheckedRow> rejects;
    private final Runnable onChunk;
    private final long maxRejects;
    private final TsvBytes tsv = new TsvBytes(CHUNK + 1024);
    private boolean exhausted;
    private volatile boolean rejectLimitReached;

    ValidRowsFeed(Iterator<CsvRecord> records, Table table, RelationCheck relations, TableProgress progress,
            BiConsumer<CsvRecord, CheckedRow> rejects, Runnable onChunk, long maxRejects) {
        this.records = records;
        this.table = table;
        this.checker = new RowChecker(table);
        this.relations = relations;
        this.progress = progress;
        this.rejects = rejects;
        this.onChunk = onChunk;
        this.maxRejects = maxRejects;
    }

    /** Whether the feed ended early because more rows were rejected than the load allows. */
    boolean rejectLimitReached() {
        return rejectLimitReached;
    }

    /** The next chunk of valid rows as tab-separated UTF-8, or {@code null} at the end. */
    @Override
    public byte[] next() {
        if (exhausted) {
            return null;
        }
        while (tsv.length() < CHUNK && records.hasNext()) {
            CsvRecord record = records.next();
            progress.rowsRead++;
            CheckedRow row = relations.apply(checker.checkFields(record.getFields()));
            if (row.valid()) {
                tsv.row(row.values());
                progress.rowsInserted++;
            } else {
                progress.rejected(row.violations());
                rejects.accept(record, row);
                if (progress.rowsRejected > maxRejects) {
                    // End the stream cleanly: the caller rolls back. Failing the stream instead
                    // would make the driver drop the connection mid-protocol.
                    rejectLimitReached = true;
                    break;
                }
            }
        }
        exhausted = rejectLimitReached || !records.hasNext();
        onChunk.run();
        return tsv.take();
    }
}
