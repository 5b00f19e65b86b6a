package io.hireflow.api.database;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A lease this process holds. Kept alive by {@link Leases} until closed; {@link #isHeld()} turns false
 * as soon as a renewal finds it taken over or expired, so long work checks it between steps.
 */
public final class Lease implements AutoCloseable {

    private final Leases leases;
    private final String name;
    private final String owner;
    private final Duration ttl;
    private final AtomicBoolean held = new AtomicBoolean(true);

    Lease(Leases leases, String name, String owner, Duration ttl) {
        this.leases = leases;
        this.name = name;
        this.owner = owner;
        this.ttl = ttl;
    }

    public String name() {
        return name;
    }

    public String owner() {
        return owner;
    }

    Duration ttl() {
        return ttl;
    }

    /** True until it is closed, or a renewal found it expired or taken by another owner. */
    public boolean isHeld() {
        return held.get();
    }

    /** Pushes the expiry one ttl ahead; false (and no longer held) when it was lost meanwhile. */
    public boolean renew() {
        if (!held.get()) {
            return false;
        }
        if (!leases.extend(this)) {
            lost();
        }
        return held.get();
    }

    void lost() {
        if (held.compareAndSet(true, false)) {
            leases.forget(this);
        }
    }

    /** Frees the lease at once (if still ours), rather than letting it expire. */
    @Override
    public void close() {
        if (held.compareAndSet(true, false)) {
            leases.forget(this);
            leases.release(this);
        }
    }

    @Override
    public String toString() {
        return name + " held by " + owner;
    }
}
