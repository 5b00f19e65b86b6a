package io.hireflow.api.database;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The database could not do the work now, for a reason that passes (a deadlock, a lost connection, a lease
 * that expired): the caller should send the same request again after {@link #retryAfterSeconds()}. The edge
 * answers it with 503 and Retry-After; the message says what was (not) written and why.
 */
public class TryAgainException extends RuntimeException {

    private final String slug;
    private final String title;
    private final int retryAfterSeconds;
    private final Map<String, Object> details = new LinkedHashMap<>();

    public TryAgainException(String slug, String title, String message, int retryAfterSeconds) {
        super(message);
        this.slug = slug;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Adds a member to the answer, e.g. the kind of failure or how many attempts were made. */
    public TryAgainException with(String name, Object value) {
        details.put(name, value);
        return this;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Map<String, Object> details() {
        return details;
    }
}
