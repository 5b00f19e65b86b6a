package io.hireflow.api.history;

import io.hireflow.api.storage.ObjectChangedException;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Cuts a CSV file into chunks of whole records, streaming: a record ends at a line feed outside
 * quotes (RFC 4180: a quoted field may hold newlines, {@code ""} is a quote inside one). Only a chunk
 * is ever in memory. A chunk also ends where {@code next(limit)} says, so a resumed load cuts its
 * chunks around those already committed, whatever the chunk size was then.
 *
 * <p>The file is read as a stream from an offset, opened when bytes are first needed: skipping the
 * committed chunks of a resumed load costs nothing, and the read starts after them (for a bucket, one
 * ranged GET).
 */
final class CsvChunks implements AutoCloseable {

    private static final int READ_BUFFER = 1 << 16;
    private static final int REOPENS = 3;

    private final HistoryFile file;
    private InputStream in;
    private final int rowsPerChunk;
    private final int maxChunkBytes;
    // Our own buffer, scanned in a plain loop: a byte-at-a-time InputStream costs seconds per 100 MB.
    private final ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER).flip();
    private long offset;
    private long line = 1;
    private byte[] chunk = new byte[1 << 20];

    CsvChunks(HistoryFile file, int rowsPerChunk, int maxChunkBytes) {
        this.file = file;
        this.rowsPerChunk = rowsPerChunk;
        this.maxChunkBytes = maxChunkBytes;
    }

    long offset() {
        return offset;
    }

    long line() {
        return line;
    }

    /** Jumps forward to a record boundary known from an earlier load (a committed chunk's end). */
    void skipTo(long newOffset, long newLine) throws IOException {
        if (newOffset < offset) {
            throw new IllegalArgumentException("cannot go back from " + offset + " to " + newOffset);
        }
        if (newOffset > file.size()) {
            throw new MalformedChunkException("the file ends before byte " + newOffset
                    + ": it is shorter than when its chunks were committed");
        }
        if (newOffset > offset) {
            close(); // reopened at the new offset when bytes are needed
            buffer.clear().flip();
        }
        offset = newOffset;
        line = newLine;
    }

    /**
     * The next chunk: {@code rowsPerChunk} records, fewer at the end of the file or at {@code limit}
     * (a byte offset, which must be a record boundary); {@code null} at the end of the file.
     */
    FileChunk next(long limit) throws IOException {
        long start = offset;
        long firstLine = line;
        int length = 0;
        int records = 0;
        boolean quoted = false;
        byte[] bytes = buffer.array();
        scan:
        while (offset < limit && records < rowsPerChunk) {
            if (!buffer.hasRemaining() && !fill()) {
                break;
            }
            int from = buffer.position();
            int to = (int) Math.min(buffer.limit(), from + (limit - offset));
            int i = from;
            while (i < to) {
                byte b = bytes[i++];
                if (b == '"') {
                    quoted = !quoted;
                } else if (b == '\n') {
                    line++;
                    if (!quoted && ++records == rowsPerChunk) {
                        break;
                    }
                }
            }
            int n = i - from;
            if (length + n > chunk.length) {
                if (length + n > maxChunkBytes) {
                    throw new MalformedChunkException("no record ends within " + (maxChunkBytes >> 20)
                            + " MB after line " + firstLine + (quoted ? " (a quoted field opens and never closes?)"
                                    : " (no line feeds?)"));
                }
                chunk = Arrays.copyOf(chunk, Math.min(maxChunkBytes, Math.max(length + n, chunk.length * 2)));
            }
            System.arraycopy(bytes, from, chunk, length, n);
            length += n;
            offset += n;
            buffer.position(i);
            if (records == rowsPerChunk) {
                break scan;
            }
        }
        if (length == 0) {
            return null;
        }
        if (quoted && offset == limit) {
            throw new MalformedChunkException("a quoted field is open at byte " + limit
                    + ", where an earlier load ended a chunk: the file changed");
        }
        CRC32C crc = new CRC32C();
        crc.update(chunk, 0, length);
        return new FileChunk(start, offset, firstLine, line, crc.getValue(), Arrays.copyOf(chunk, length));
    }

    /**
     * Reads on from {@link #offset} (every byte read before is consumed by then). A stream that breaks is
     * opened again at that offset, up to {@value #REOPENS} times in a row: a download of minutes from a
     * bucket may lose its connection, and starting the table again would stream the whole object once
     * more for its checksum.
     */
    private boolean fill() throws IOException {
        for (int attempt = 1;; attempt++) {
            try {
                if (in == null) {
                    in = file.open(offset);
                }
                int read = in.read(buffer.array(), 0, buffer.capacity());
                buffer.position(0).limit(Math.max(0, read));
                return read > 0;
            } catch (IOException broken) {
                if (attempt > REOPENS || broken instanceof NoSuchFileException || broken instanceof ObjectChangedException) {
                    throw broken;
                }
                Log.warnf("Reading %s at byte %d broke (%s); reading on from there", file.location(), offset, broken);
                try {
                    close();
                } catch (IOException ignored) {
                    // the broken stream: nothing more to read from it
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            InputStream open = in;
            in = null;
            open.close();
        }
    }

    /** The bytes cannot be cut into records: not valid CSV, or not the file an earlier load saw. */
    static final class MalformedChunkException extends IOException {
        MalformedChunkException(String message) {
            super(message);
        }
    }
}
