package io.hireflow.api.backup;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.avro.file.DataFileWriter;

/**
 * Encodes, compresses and writes batches of raw rows into an Avro file on a thread of its own, so
 * that this work runs beside the JDBC reading instead of after it. At most {@value #AHEAD} batches
 * wait. After a failure it keeps taking (and dropping) batches, so the reader never blocks on a
 * writer that has stopped; the reader learns of the failure on its next {@link #append}.
 */
final class RowsAppender implements AutoCloseable {

    static final int BATCH = 1024;
    private static final int AHEAD = 8;
    private static final byte[][][] END = new byte[0][][];

    private final BlockingQueue<byte[][][]> queue = new ArrayBlockingQueue<>(AHEAD);
    private final DataFileWriter<byte[][]> writer;
    private final Thread thread;
    private volatile Exception failure;
    private boolean ended;

    RowsAppender(DataFileWriter<byte[][]> writer, String threadName) {
        this.writer = writer;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a batch of rows (the last one may hold fewer than {@link #BATCH}: null ends it). */
    void append(byte[][][] rows) throws IOException {
        put(rows);
        throwFailure();
    }

    /** Waits until every row is handed to the writer; throws what stopped it. */
    void finish() throws IOException {
        close();
        throwFailure();
    }

    /** Stops the thread, also after a failure on the reading side. */
    @Override
    public void close() throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        put(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while finishing the backup file", e);
        }
    }

    private void throwFailure() throws IOException {
        if (failure instanceof IOException io) {
            throw new IOException("writing the backup file failed: " + io.getMessage(), io);
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IOException("writing the backup file failed: " + failure.getMessage(), failure);
        }
    }

    private void put(byte[][][] rows) throws IOException {
        try {
            queue.put(rows);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the backup file", e);
        }
    }

    private void run() {
        try {
            for (byte[][][] rows = queue.take(); rows != END; rows = queue.take()) {
                if (failure != null) {
                    continue; // drain: the reader learns of the failure on its next append
                }
                try {
                    for (int i = 0; i < rows.length && rows[i] != null; i++) {
                        writer.append(rows[i]);
                    }
                } catch (IOException | RuntimeException e) {
                    failure = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
