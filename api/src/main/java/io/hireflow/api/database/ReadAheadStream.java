package io.hireflow.api.database;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * An input stream whose chunks are produced ahead, on a thread of its own: the JDBC driver's thread
 * only copies bytes, so checking rows and inserting them run side by side on two cores. At most
 * {@value #AHEAD} chunks wait; closing the stream stops the producer.
 */
public final class ReadAheadStream extends InputStream {

    /** Makes the next chunk of bytes, or returns {@code null} at the end. */
    public interface Chunks {
        byte[] next() throws Exception;
    }

    private static final int AHEAD = 4;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread producer;
    private volatile Exception failure;
    private byte[] chunk = new byte[0];
    private int position;
    private boolean ended;

    public ReadAheadStream(Chunks chunks, String threadName) {
        producer = new Thread(() -> produce(chunks), threadName);
        producer.setDaemon(true);
        producer.start();
    }

    /** What stopped the producer, if anything did (the stream then ends with an IOException). */
    public Exception failure() {
        return failure;
    }

    private void produce(Chunks chunks) {
        try {
            for (byte[] next = chunks.next(); next != null; next = chunks.next()) {
                queue.put(next);
            }
        } catch (InterruptedException e) {
            return; // closed by the reader: nobody wants the rest
        } catch (Exception e) {
            failure = e;
        }
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        while (position == chunk.length) {
            if (ended) {
                return -1;
            }
            try {
                chunk = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading ahead", e);
            }
            position = 0;
            if (chunk == END) {
                ended = true;
                if (failure != null) {
                    throw new IOException(failure.getMessage(), failure);
                }
            }
        }
        int n = Math.min(length, chunk.length - position);
        System.arraycopy(chunk, position, into, offset, n);
        position += n;
        return n;
    }

    @Override
    public void close() {
        producer.interrupt();
        try {
            producer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
