package io.hireflow.api.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.hireflow.api.database.TsvBytes;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.RowValidator;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.rejects.Reject;
import io.hireflow.api.rejects.RejectRows;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parses one chunk's CSV records and judges each against the dictionary, in file order (the
 * {@link RelationCheck} remembers the ids accepted so far): the valid rows become the tab-separated
 * text {@code LOAD DATA} reads, the others {@link Reject}s with their file line.
 */
final class ChunkChecker {

    private final Table table;
    private final String fileName;
    private final RowValidator validator;
    private final ObjectMapper rejectsJson;

    /** @param rejectsJson writes the rejects' JSON for the rejects log; {@code null}: only count them (a dry run) */
    ChunkChecker(Table table, String fileName, RelationCheck relations, ObjectMapper rejectsJson) {
        this.table = table;
        this.fileName = fileName;
        this.validator = new RowValidator(table, relations);
        this.rejectsJson = rejectsJson;
    }

    CheckedChunk check(FileChunk chunk) {
        TsvBytes tsv = new TsvBytes(chunk.bytes().length + 1024);
        RejectRows rejects = rejectsJson == null ? null : new RejectRows(rejectsJson, table);
        Map<String, Long> byRule = new TreeMap<>();
        long read = 0;
        long inserted = 0;
        Instant now = Instant.now();
        CsvReader<CsvRecord> csv = CsvReader.builder().ignoreDifferentFieldCount(true).ofCsvRecord(
                new InputStreamReader(new ByteArrayInputStream(chunk.bytes()), StandardCharsets.UTF_8));
        for (CsvRecord record : csv) {
            read++;
            CheckedRow row = validator.csv(record.getFields());
            if (row.valid()) {
                tsv.row(table, row.values());
                inserted++;
            } else {
                row.violations().stream().map(v -> v.rule().code()).distinct()
                        .forEach(rule -> byRule.merge(rule, 1L, Long::sum));
                if (rejects != null) {
                    long line = chunk.firstLine() + record.getStartingLineNumber() - 1;
                    rejects.add(new Reject(now, table, Reject.HISTORY, fileName, line, row.raw(), row.violations()));
                }
            }
        }
        // The raw bytes are not needed past this point: do not keep them queued with the result.
        return new CheckedChunk(chunk.withoutBytes(), tsv.take(), inserted, rejects == null ? null : rejects.finish(),
                read, read - inserted, byRule);
    }

    /**
     * A chunk after checking: what to load, what to log, the counts.
     *
     * @param tsv the valid rows as {@code LOAD DATA} text
     * @param rejects the rejected rows as the rejects log's {@code LOAD DATA} text ({@code null} in a dry run)
     */
    record CheckedChunk(FileChunk chunk, byte[] tsv, long rowsInserted, RejectRows rejects, long rowsRead,
            long rowsRejected, Map<String, Long> rejectedByRule) {
    }
}
