package io.hireflow.api.backup;

import io.hireflow.api.storage.ObjectStorage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.file.SeekableInput;

/**
 * A backup's Avro file as Avro reads it, streamed from the storage: reading goes forward on one stream
 * (a file, or one ranged GET on a bucket), and a seek (rare: where a part of a restore starts) opens a
 * new stream at the new position. Nothing is copied to a temporary file.
 */
final class StoredFileInput implements SeekableInput {

    private final ObjectStorage storage;
    private final String key;
    private final long length;
    private InputStream in;
    private long position;

    StoredFileInput(ObjectStorage storage, String key) throws IOException {
        this.storage = storage;
        this.key = key;
        this.length = storage.size(key);
    }

    @Override
    public void seek(long p) throws IOException {
        if (p != position || in == null) {
            closeStream();
            position = p;
        }
    }

    @Override
    public long tell() {
        return position;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (in == null) {
            in = new BufferedInputStream(storage.open(key, position), 1 << 16);
        }
        int n = in.read(b, off, len);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    private void closeStream() throws IOException {
        if (in != null) {
            InputStream old = in;
            in = null;
            old.close();
        }
    }

    @Override
    public void close() throws IOException {
        closeStream();
    }
}
