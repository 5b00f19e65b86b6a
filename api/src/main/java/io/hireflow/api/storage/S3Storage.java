package io.hireflow.api.storage;

import io.quarkus.logging.Log;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3-compatible bucket under a key prefix (AWS S3, MinIO, Ceph, s3proxy, …).
 *
 * <p>Large objects go up as a multipart upload of fixed-size parts, one part in memory at a time, so
 * memory stays flat at any size; S3 shows the object only when the upload is completed, and a failed
 * write aborts it. An upload whose process died stays invisible (not listed, not readable) until
 * {@link #sweep} aborts it. Every operation is a single request that S3 makes atomic, which is what
 * lets several API replicas share the bucket.
 */
public final class S3Storage implements ObjectStorage {

    /** S3's smallest part (but for the last): 5 MiB. */
    static final int MIN_PART = 5 << 20;

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final int partSize;
    /** The setting that names this bucket, for the message when it does not exist. */
    private final String setting;

    /**
     * @param prefix key prefix inside the bucket ({@code backups} or {@code backups/}); empty for the root
     * @param partSize bytes per multipart part, at least 5 MiB: the memory one upload holds
     */
    public S3Storage(S3Client s3, String bucket, String prefix, int partSize) {
        this(s3, bucket, prefix, partSize, "hireflow.backup.bucket");
    }

    /** @param setting the setting that names this bucket (e.g. {@code hireflow.history.source}), for messages */
    public S3Storage(S3Client s3, String bucket, String prefix, int partSize, String setting) {
        this.s3 = s3;
        this.setting = setting;
        this.bucket = bucket;
        String p = prefix == null ? "" : prefix.replaceAll("^/+", "");
        this.prefix = p.isEmpty() || p.endsWith("/") ? p : p + "/";
        this.partSize = Math.max(MIN_PART, partSize);
    }

    @Override
    public String location() {
        return "s3://" + bucket + "/" + prefix;
    }

    public String bucket() {
        return bucket;
    }

    private String objectKey(String key) {
        if (key.startsWith("/") || key.contains("..")) {
            throw new IllegalArgumentException("key outside the storage: " + key);
        }
        return prefix + key;
    }

    @Override
    public Upload create(String key) {
        return new PartsUpload(objectKey(key));
    }

    @Override
    public void put(String key, byte[] content) {
        call("write " + key, () -> s3.putObject(b -> b.bucket(bucket).key(objectKey(key)),
                RequestBody.fromBytes(content)));
    }

    @Override
    public Optional<byte[]> read(String key) {
        try {
            return Optional.of(call("read " + key,
                    () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key(objectKey(key))).asByteArray()));
        } catch (MissingObject e) {
            return Optional.empty();
        }
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        return open(key, offset, null);
    }

    /** @param version the ETag to insist on (If-Match), or null for whatever is under the key now */
    @Override
    public InputStream open(String key, long offset, String version) throws IOException {
        try {
            if (offset > 0) {
                HeadObjectResponse head = call("read " + key,
                        () -> s3.headObject(b -> b.bucket(bucket).key(objectKey(key)).ifMatch(version)));
                if (offset >= head.contentLength()) {
                    return InputStream.nullInputStream(); // S3 answers 416 to a range that starts at the end
                }
            }
            // If-Match: the store refuses (412) to serve another object put under the key since it was listed;
            // the SDK sends no header for a null version.
            return new AbortOnEarlyClose(call("read " + key, () -> s3.getObject(b -> {
                b.bucket(bucket).key(objectKey(key)).ifMatch(version);
                if (offset > 0) {
                    b.range("bytes=" + offset + "-");
                }
            })));
        } catch (MissingObject e) {
            throw new NoSuchFileException(location() + key);
        } catch (ChangedObject e) {
            throw new ObjectChangedException(location() + key);
        }
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return call("read " + key, () -> s3.headObject(b -> b.bucket(bucket).key(objectKey(key)))).contentLength();
        } catch (MissingObject e) {
            throw new NoSuchFileException(location() + key);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            call("read " + key, () -> s3.headObject(b -> b.bucket(bucket).key(objectKey(key))));
            return true;
        } catch (MissingObject e) {
            return false;
        }
    }

    @Override
    public List<StoredObject> list(String keyPrefix) {
        List<StoredObject> found = new ArrayList<>();
        call("list " + keyPrefix, () -> {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(objectKey(keyPrefix)))
                    .contents()) {
                found.add(new StoredObject(object.key().substring(prefix.length()), object.size(),
                        object.lastModified(), object.eTag()));
            }
            return found;
        });
        return found;
    }

    @Override
    public void delete(String key) {
        call("delete " + key, () -> s3.deleteObject(b -> b.bucket(bucket).key(objectKey(key))));
    }

    @Override
    public int sweep(String keyPrefix, Instant before) {
        List<MultipartUpload> stale = new ArrayList<>();
        call("list the unfinished uploads of " + keyPrefix, () -> {
            for (MultipartUpload upload : s3.listMultipartUploadsPaginator(
                    b -> b.bucket(bucket).prefix(objectKey(keyPrefix))).uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(before)) {
                    stale.add(upload);
                }
            }
            return stale;
        });
        int removed = 0;
        for (MultipartUpload upload : stale) {
            try {
                call("abort " + upload.key(), () -> s3.abortMultipartUpload(
                        b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
                removed++;
                Log.infof("Aborted the upload of %s started %s, left by a write that did not finish", upload.key(),
                        upload.initiated());
            } catch (MissingObject e) {
                // aborted by another replica meanwhile
            }
        }
        return removed;
    }

    /** Runs one S3 call; a missing key becomes {@link MissingObject}, every other failure a {@link StorageException}. */
    private <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (NoSuchBucketException e) {
            throw noBucket(e);
        } catch (NoSuchKeyException e) {
            throw new MissingObject();
        } catch (S3Exception e) {
            if (e.statusCode() == 412) {
                throw new ChangedObject(); // only asked for with If-Match
            }
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            if ("NoSuchBucket".equals(code)) {
                throw noBucket(e);
            }
            if (e.statusCode() == 404 && (code == null || "NoSuchKey".equals(code) || "NoSuchUpload".equals(code)
                    || "NotFound".equals(code))) {
                throw new MissingObject();
            }
            if (e.statusCode() == 403 || "InvalidAccessKeyId".equals(code) || "SignatureDoesNotMatch".equals(code)
                    || "AccessDenied".equals(code)) {
                throw new StorageException(StorageException.Reason.DENIED, location(), "The object store refused to "
                        + what + " in " + location() + " (" + (code == null ? "HTTP " + e.statusCode() : code)
                        + "): check the access key and secret hireflow uses (hireflow.s3.access-key-file and "
                        + "secret-key-file, or the AWS default credentials chain) and that they may read, write, "
                        + "list and delete in that bucket.", e);
            }
            throw unavailable(what, e);
        } catch (SdkClientException e) {
            throw unavailable(what, e);
        } catch (SdkException e) {
            throw unavailable(what, e);
        }
    }

    private StorageException noBucket(SdkException e) {
        return new StorageException(StorageException.Reason.NO_BUCKET, location(), "The bucket '" + bucket
                + "' does not exist at the object store: create it (e.g. aws s3 mb s3://" + bucket
                + ") or set " + setting + " to an existing one.", e);
    }

    private StorageException unavailable(String what, SdkException e) {
        return new StorageException(StorageException.Reason.UNAVAILABLE, location(), "Could not " + what + " in "
                + location() + ": " + e.getMessage() + " Check hireflow.s3.endpoint and that the object store "
                + "is up, then try again.", e);
    }

    /**
     * An object's stream that, closed before its end, aborts the request: the HTTP client would otherwise read
     * the rest of the object to reuse the connection (a resumed history load or a failed restore stops early).
     */
    private static final class AbortOnEarlyClose extends FilterInputStream {
        private final ResponseInputStream<?> response;
        private boolean ended;

        AbortOnEarlyClose(ResponseInputStream<?> response) {
            super(response);
            this.response = response;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            ended |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            ended |= n < 0;
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!ended) {
                response.abort();
            }
            super.close();
        }
    }

    /** A key (or upload) that is not there: each caller decides what that means. */
    private static final class MissingObject extends RuntimeException {
        MissingObject() {
            super(null, null, false, false);
        }
    }

    private static final class ChangedObject extends RuntimeException {
        ChangedObject() {
            super(null, null, false, false);
        }
    }

    /** One object going up in parts of {@code partSize}; a small one goes up as one plain PUT on commit. */
    private final class PartsUpload implements Upload {
        private final String key;
        private final byte[] buffer = new byte[partSize];
        private final List<CompletedPart> parts = new ArrayList<>();
        private int filled;
        private String uploadId;
        private boolean done;

        private final OutputStream stream = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] { (byte) b }, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    int n = Math.min(len, buffer.length - filled);
                    System.arraycopy(b, off, buffer, filled, n);
                    filled += n;
                    off += n;
                    len -= n;
                    if (filled == buffer.length) {
                        sendPart();
                    }
                }
            }
        };

        PartsUpload(String key) {
            this.key = key;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        private void sendPart() {
            if (uploadId == null) {
                uploadId = call("start the upload of " + key,
                        () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(key))).uploadId();
            }
            int number = parts.size() + 1;
            int length = filled;
            String etag = call("upload part " + number + " of " + key, () -> s3.uploadPart(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number).contentLength((long) length),
                    RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length))).eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            filled = 0;
        }

        @Override
        public void commit() {
            if (uploadId == null) {
                int length = filled;
                call("write " + key, () -> s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) length),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, length), length)));
            } else {
                if (filled > 0) {
                    sendPart();
                }
                call("complete the upload of " + key, () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key(key)
                        .uploadId(uploadId).multipartUpload(m -> m.parts(parts))));
            }
            done = true;
        }

        @Override
        public void close() {
            if (!done && uploadId != null) {
                done = true;
                try {
                    call("abort the upload of " + key, () -> s3.abortMultipartUpload(
                            b -> b.bucket(bucket).key(key).uploadId(uploadId)));
                } catch (RuntimeException e) {
                    // the sweep of a later backup aborts it
                    Log.warnf("Could not abort the upload of %s (%s); a later backup's sweep will", key, e.getMessage());
                }
            }
        }
    }
}
