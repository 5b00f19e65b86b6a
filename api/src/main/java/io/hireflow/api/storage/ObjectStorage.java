package io.hireflow.api.storage;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where backups are kept, as named objects: a folder on the shared volume ({@link FolderStorage}) or an
 * S3-compatible bucket ({@link S3Storage}). Keys are relative, slash-separated ({@code employees/x.avro}).
 *
 * <p>The promise both keep: an object is visible under its key only once complete. Large objects are
 * streamed through an {@link Upload} (a temporary file renamed, or a multipart upload completed); small
 * ones are put whole. What a crash leaves behind is never listed and is removed by {@link #sweep}.
 */
public interface ObjectStorage {

    /** Where this is, for people: a folder path or {@code s3://bucket/prefix}. */
    String location();

    /** Starts writing {@code key}; nothing is visible until {@link Upload#commit()}, and closing without it aborts. */
    Upload create(String key) throws IOException;

    /** Writes a small object at once, atomically. */
    void put(String key, byte[] content) throws IOException;

    /** The whole of a small object, or empty when there is none. */
    Optional<byte[]> read(String key) throws IOException;

    /** Streams an object from {@code offset} on; {@link java.nio.file.NoSuchFileException} when it is missing. */
    InputStream open(String key, long offset) throws IOException;

    /**
     * As {@link #open(String, long)}, while the object is still the {@link StoredObject#version} it was listed
     * as; else an {@link ObjectChangedException}, so that a long read never mixes two files. A null version
     * reads whatever is under the key.
     */
    InputStream open(String key, long offset, String version) throws IOException;

    /** The object's size; {@link java.nio.file.NoSuchFileException} when it is missing. */
    long size(String key) throws IOException;

    boolean exists(String key) throws IOException;

    /** The complete objects whose keys start with {@code prefix}, in key order. */
    List<StoredObject> list(String prefix) throws IOException;

    /** Deletes an object; nothing happens when it is already gone (another replica may have been first). */
    void delete(String key) throws IOException;

    /**
     * Removes what writes that died left under {@code prefix} (temporary files, unfinished multipart
     * uploads) when started before {@code before}: a younger one may be another replica's write in progress.
     *
     * @return how many were removed
     */
    int sweep(String prefix, Instant before) throws IOException;

    /**
     * One complete object.
     *
     * @param version what changes when another object is put under the key: a bucket's ETag, a file's
     *        modification time and size
     */
    record StoredObject(String key, long size, Instant modified, String version) {
    }

    /** An object being written: its stream, then {@link #commit()}; {@link #close()} alone aborts it. */
    interface Upload extends Closeable {
        OutputStream stream();

        /** Makes the object visible under its key, complete, durably. */
        void commit() throws IOException;
    }
}
