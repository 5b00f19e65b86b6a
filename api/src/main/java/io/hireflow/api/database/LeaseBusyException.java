package io.hireflow.api.database;

import java.time.Instant;

/** A lease is held by someone else; says who, for what, and when it is worth trying again. */
public class LeaseBusyException extends RuntimeException {

    private final transient LeaseHolder holder;

    public LeaseBusyException(LeaseHolder holder) {
        super(holder.describe() + "; if that holder died, the lease frees itself when it expires");
        this.holder = holder;
    }

    public LeaseHolder holder() {
        return holder;
    }

    public String name() {
        return holder.name();
    }

    public String owner() {
        return holder.owner();
    }

    public Instant expiresAt() {
        return holder.expiresAt();
    }

    public int retryAfterSeconds() {
        return holder.retryAfterSeconds();
    }
}
