package io.hireflow.api.history;

import io.hireflow.api.digest.Sha256;
import io.hireflow.api.storage.ObjectStorage;
import java.io.IOException;
import java.io.InputStream;

/**
 * One table's history file, wherever it is: a file of a folder or an object of a bucket, read as streams
 * from a byte offset, so a resumed load reads only what its committed chunks do not hold.
 *
 * @param source the folder or bucket ({@link HistoryFiles#source})
 * @param key its name in the source, e.g. {@code employees.csv}
 * @param size its size in bytes when it was found
 * @param version its version when it was found: every read fails with an
 *        {@link io.hireflow.api.storage.ObjectChangedException} once another file is put in its place
 */
record HistoryFile(ObjectStorage source, String key, long size, String version) {

    /** Its bytes from {@code offset} on, of the version found. */
    InputStream open(long offset) throws IOException {
        return source.open(key, offset, version);
    }

    /** Its SHA-256 (the manifest's checksum), streamed over the whole file: never the ETag of a bucket. */
    String sha256() throws IOException {
        try (InputStream in = open(0)) {
            return Sha256.hex(in);
        }
    }

    /** Where it is, for messages. */
    String location() {
        String root = source.location();
        return root.endsWith("/") ? root + key : root + "/" + key;
    }
}
