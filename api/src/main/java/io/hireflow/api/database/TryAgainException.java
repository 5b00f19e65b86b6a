package io.hireflow.api.database;

import io.hireflow.api.failure.DomainException;

/**
 * The database could not do the work now, for a reason that passes (a deadlock, a lost connection, a lease
 * that expired): the caller should send the same request again after {@link #retryAfterSeconds()}. The edge
 * answers it with 503 and Retry-After; the message says what was (not) written and why.
 */
public class TryAgainException extends DomainException {

    public TryAgainException(String slug, String title, String message, int retryAfterSeconds) {
        super(slug, title, message);
        retryAfter(retryAfterSeconds);
    }

    /** Adds a member to the answer, e.g. the kind of failure or how many attempts were made. */
    @Override
    public TryAgainException with(String name, Object value) {
        super.with(name, value);
        return this;
    }
}
