package io.hireflow.api.backup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.avro.file.DataFileWriter;

/**
 * Appends chunks of encoded rows to an Avro file on a thread of its own, so that compressing,
 * checksumming and writing the blocks run beside the JDBC reading instead of after it. At most
 * {@value #AHEAD} chunks wait. After a failure it keeps taking (and dropping) chunks, so the reader
 * never blocks on a writer that has stopped; {@link #finish()} reports the failure.
 */
final class ChunkAppender implements AutoCloseable {

    private static final int AHEAD = 4;
    private static final RowEncoder.Chunk END = new RowEncoder.Chunk();

    private final BlockingQueue<RowEncoder.Chunk> queue = new ArrayBlockingQueue<>(AHEAD);
    private final DataFileWriter<?> writer;
    private final Thread thread;
    private volatile Exception failure;
    private boolean ended;

    ChunkAppender(DataFileWriter<?> writer, String threadName) {
        this.writer = writer;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    void append(RowEncoder.Chunk chunk) throws IOException {
        put(chunk);
        if (failure != null) {
            throw new IOException("writing the backup file failed: " + failure.getMessage(), failure);
        }
    }

    /** Waits until every chunk is in the file (not yet closed or flushed); throws what stopped the writer. */
    void finish() throws IOException {
        end();
        if (failure != null) {
            throw new IOException("writing the backup file failed: " + failure.getMessage(), failure);
        }
    }

    /** Stops the thread, also after a failure on the reading side. */
    @Override
    public void close() throws IOException {
        end();
    }

    private void end() throws IOException {
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

    private void put(RowEncoder.Chunk chunk) throws IOException {
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the backup file", e);
        }
    }

    private void run() {
        try {
            for (RowEncoder.Chunk chunk = queue.take(); chunk != END; chunk = queue.take()) {
                if (failure != null) {
                    continue; // drain: the reader learns of the failure on its next append
                }
                try {
                    for (int row = 0; row < chunk.rows(); row++) {
                        int start = chunk.start(row);
                        writer.appendEncoded(ByteBuffer.wrap(chunk.bytes(), start, chunk.end(row) - start));
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
