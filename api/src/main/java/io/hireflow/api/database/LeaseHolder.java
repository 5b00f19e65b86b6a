package io.hireflow.api.database;

import java.time.Duration;
import java.time.Instant;

/**
 * Who holds a lease, since when, for what, and for how much longer by the database's clock.
 *
 * @param purpose what the holder said it is doing, or {@code null}
 * @param remaining how long until it expires unless renewed (never negative)
 */
public record LeaseHolder(String name, String owner, String purpose, Instant acquiredAt, Instant expiresAt,
        Duration remaining) {

    /** Whole seconds a caller should wait before trying again: at least one. */
    public int retryAfterSeconds() {
        long millis = remaining.toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (millis + 999) / 1000));
    }

    /** "history-load is held by api@host:42/1a2b3c (loading employees) until 2026-12-01T09:00:00Z". */
    public String describe() {
        return name + " is held by " + owner + (purpose == null ? "" : " (" + purpose + ")") + " until " + expiresAt
                + ", about " + retryAfterSeconds() + " s from now";
    }
}
