package io.hireflow.api.storage;

/**
 * The object store could not be used: reached but refused (credentials, permissions, no such bucket) or
 * not reached at all. The message says what to do; the API answers it as a problem (ProblemMapper).
 */
public class StorageException extends RuntimeException {

    /** Why the store could not be used. */
    public enum Reason {
        /** The store refused the credentials or the permission (403, bad key, bad signature). */
        DENIED,
        /** The bucket does not exist. */
        NO_BUCKET,
        /** The store did not answer, or answered with an error not listed above. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final String location;

    public StorageException(Reason reason, String location, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.location = location;
    }

    public Reason reason() {
        return reason;
    }

    /** The store, e.g. {@code s3://bucket/prefix}. */
    public String location() {
        return location;
    }
}
