package io.hireflow.api.database;

import io.hireflow.api.dictionary.Table;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The {@code table.<name>} leases of an exclusive operation (a restore), taken in dictionary order
 * (parents first, so two such operations never wait on each other in a circle), kept alive by
 * {@link Leases} while held, released on close. Taking one waits for the batches in flight on its
 * table to commit (they hold the lease row with a shared lock); batches that start later get 503.
 */
public final class TableLeases implements AutoCloseable {

    private final List<Lease> held;

    private TableLeases(List<Lease> held) {
        this.held = held;
    }

    /**
     * Takes the leases of the given tables, or none of them.
     *
     * @throws LeaseBusyException when one is held by another operation (answered 503 with Retry-After)
     */
    public static TableLeases acquire(Leases leases, Collection<Table> tables, Duration ttl, String purpose)
            throws SQLException {
        List<Lease> held = new ArrayList<>();
        try {
            for (Table table : new TreeSet<>(tables)) {
                held.add(leases.acquire(Leases.table(table), ttl, purpose));
            }
            return new TableLeases(held);
        } catch (SQLException | RuntimeException e) {
            held.forEach(Lease::close);
            throw e;
        }
    }

    /**
     * Renews every lease now and fails unless all are still ours: call right before a step that must not
     * run without them (a swap), so a stalled operation never swaps over batches it no longer holds off.
     */
    public void requireHeld(String before) {
        for (Lease lease : held) {
            if (!lease.renew()) {
                throw new TryAgainException("lease-lost", "Exclusive hold lost", "The lease " + lease.name()
                        + " expired (this operation stalled longer than its time to live) before " + before
                        + "; it stopped without changing the live table. Run it again.", 1);
            }
        }
    }

    @Override
    public void close() {
        for (int i = held.size() - 1; i >= 0; i--) {
            held.get(i).close();
        }
    }
}
