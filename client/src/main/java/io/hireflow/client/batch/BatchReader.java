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

    /** The API takes at most this many rows per request. */
    int MAX_BATCH_SIZE = 1000;

    /**
     * Opens {@code file} as JSON when its name ends in {@code .json} (an array of row objects), else
     * as headerless CSV in dictionary column order.
     *
     * @throws BatchFileException when the file cannot be opened or the batch size is out of range
     */
    static BatchReader open(Path file, int batchSize) {
        checkBatchSize(batchSize);
        return isJson(file) ? new JsonBatchReader(file, batchSize) : new CsvBatchReader(file, batchSize);
    }

    /** @throws BatchFileException when {@code batchSize} is not between 1 and {@link #MAX_BATCH_SIZE} */
    static void checkBatchSize(int batchSize) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new BatchFileException("--batch-size must be between 1 and " + MAX_BATCH_SIZE + ", not "
                    + batchSize);
        }
    }

    /** Whether {@code file} is read as JSON: its name ends in {@code .json}, in any case. */
    static boolean isJson(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    }

    /** Closes the file without a checked exception. */
    @Override
    void close();
}
