package io.hireflow.client.batch;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Splits a headerless CSV file into {@code text/csv} batches. Records are found with FastCSV (so quoted
 * commas and line breaks stay inside their field) and written back field for field; the API checks
 * every field, so the client does not judge rows itself.
 */
final class CsvBatchReader implements BatchReader {

    private final Path file;
    private final int batchSize;
    private final CsvReader<CsvRecord> reader;
    private final Iterator<CsvRecord> records;
    private int number;

    CsvBatchReader(Path file, int batchSize) {
        this.file = file;
        this.batchSize = batchSize;
        try {
            // Field counts are the API's to judge (rule column_count), and a BOM is not part of the first id.
            this.reader = CsvReader.builder().ignoreDifferentFieldCount(true).detectBomHeader(true)
                    .ofCsvRecord(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BatchFileException("No such file: " + file);
        } catch (IOException e) {
            throw new BatchFileException("Cannot read " + file + ": " + e.getMessage());
        }
        this.records = reader.iterator();
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (CsvParseException | UncheckedIOException e) {
            throw malformed(e);
        }
    }

    @Override
    public Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        StringWriter body = new StringWriter(batchSize * 64);
        long[] lines = new long[batchSize];
        int count = 0;
        try (CsvWriter csv = CsvWriter.builder().lineDelimiter(LineDelimiter.LF).build(body)) {
            while (count < batchSize && records.hasNext()) {
                CsvRecord record = records.next();
                csv.writeRecord(record.getFields());
                lines[count++] = record.getStartingLineNumber();
            }
        } catch (CsvParseException | UncheckedIOException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new BatchFileException("Cannot read " + file + ": " + e.getMessage());
        }
        return new Batch(file, ++number, "text/csv", body.toString(), Arrays.copyOf(lines, count));
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing was written; a failed close of a file we only read changes nothing
        }
    }

    private BatchFileException malformed(RuntimeException e) {
        return new BatchFileException(file + " is not valid CSV: " + e.getMessage());
    }
}
