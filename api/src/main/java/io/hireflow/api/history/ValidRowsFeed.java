package io.hireflow.api.history;

import de.siegmar.fastcsv.reader.CsvRecord;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.RowChecker;
import io.hireflow.api.dictionary.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.function.BiConsumer;

/**
 * The stream {@code LOAD DATA LOCAL INFILE} reads: pulls CSV records one at a time, checks each
 * against the dictionary, and hands out the valid ones as tab-separated text a chunk at a time.
 * Memory stays at one chunk whatever the file size. Rejected rows go to {@code rejects}.
 */
final class ValidRowsFeed extends InputStream {

    private static final int CHUNK_CHARS = 64 * 1024;

    private final Iterator<CsvRecord> records;
    private final Table table;
    private final RowChecker checker;
    private final RelationCheck relations;
    private final TableProgress progress;
    private final BiConsumer<CsvRecord, CheckedRow> rejects;
    private final Runnable onChunk;
    private final long maxRejects;
    private final StringBuilder text = new StringBuilder(CHUNK_CHARS + 1024);
    private byte[] chunk = new byte[0];
    private int position;
    private boolean exhausted;
    private boolean rejectLimitReached;

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

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        while (position == chunk.length) {
            if (exhausted) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, into, offset, n);
        position += n;
        return n;
    }

    private void fill() {
        text.setLength(0);
        while (text.length() < CHUNK_CHARS && records.hasNext()) {
            CsvRecord record = records.next();
            progress.rowsRead++;
            CheckedRow row = relations.apply(checker.checkFields(record.getFields()));
            if (row.valid()) {
                LoadDataEncoder.append(text, table.columns(), row.values());
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
        chunk = text.toString().getBytes(StandardCharsets.UTF_8);
        position = 0;
        onChunk.run();
    }
}
