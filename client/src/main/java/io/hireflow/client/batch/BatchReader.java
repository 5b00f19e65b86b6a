package io.hireflow.client.batch;

import java.io.Closeable;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * Hands a file of rows out as batches of at most {@code batchSize} rows, reading one batch at a time
 * so a file of any size needs only one batch in memory.
 */
public interface BatchReader extends Iterator<Batch>, Closeable {

    /**
     * Opens {@code file} as JSON when its name ends in {@code .json} (an array of row objects), else
     * as headerless CSV in dictionary column order.
     *
     * @throws BatchFileException when the file cannot be opened
     */
    static BatchReader open(Path file, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
        return isJson(file) ? new JsonBatchReader(file, batchSize) : new CsvBatchReader(file, batchSize);
    }

    /**
     * The rows per request: what the user asked for ({@code null}: as many as the API takes), within the API's
     * own limit, which it states in {@code GET /tables/{table}} (maxBatchRows) — the client never restates it.
     *
     * @throws BatchFileException when {@code asked} is not between 1 and {@code apiLimit}
     */
    static int batchSize(Integer asked, int apiLimit) {
        if (asked == null) {
            return apiLimit;
        }
        if (asked < 1 || asked > apiLimit) {
            throw new BatchFileException("--batch-size must be between 1 and " + apiLimit
                    + " (the most rows this API takes per batch), not " + asked);
        }
        return asked;
    }

    /** Whether {@code file} is read as JSON: its name ends in {@code .json}, in any case. */
    static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** Closes the file without a checked exception. */
    @Override
    void close();
}
