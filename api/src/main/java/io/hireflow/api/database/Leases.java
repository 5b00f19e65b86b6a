package io.hireflow.api.database;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.dictionary.Table;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Exclusive, expiring claims kept in the {@code leases} table, so that every API replica and every
 * database node sees the same holder: taken by a conditional UPDATE (free or expired), renewed by its
 * owner while the work runs, freed on close or by expiry when the owner died.
 *
 * <p>Writers that must not run during an exclusive operation read the lease row with a shared lock
 * inside their own transaction ({@link #heldOn}): an acquirer's UPDATE then waits until they commit,
 * and once the lease is taken they see it and back off. Galera does not replicate row locks, which is
 * why the cluster sends every write to one node (the single-writer proxy).
 */
@ApplicationScoped
public class Leases {

    private static final String HOLDER_COLUMNS = "owner, purpose, acquired_at, expires_at, "
            + "GREATEST(0, TIMESTAMPDIFF(MICROSECOND, NOW(3), expires_at))";
    private static final Duration MIN_TTL = Duration.ofSeconds(3);

    private final AgroalDataSource dataSource;
    private final String replica = replicaName();
    private final Set<Lease> held = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "lease-renewer");
        thread.setDaemon(true);
        return thread;
    });

    Leases(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** This API process as lease owners name it ({@code api@host:pid}), without the per-lease random part. */
    public String replica() {
        return replica;
    }

    /** The lease that makes a restore's swap (or a history load) exclusive against the table's writers. */
    public static String table(Table table) {
        return "table." + table.tableName();
    }

    public Optional<Lease> tryAcquire(String name, Duration ttl) throws SQLException {
        return tryAcquire(name, ttl, null);
    }

    /**
     * Takes the lease when it is free or expired; it is then renewed every third of {@code ttl} until
     * closed. Waits only for writers that hold the lease row in share mode (their transactions are short).
     *
     * @param purpose what the holder is doing, shown to whoever finds the lease busy
     */
    public Optional<Lease> tryAcquire(String name, Duration ttl, String purpose) throws SQLException {
        if (ttl.compareTo(MIN_TTL) < 0) {
            throw new IllegalArgumentException("A lease lives at least " + MIN_TTL.toSeconds() + " s, not " + ttl);
        }
        Lease lease = new Lease(this, name, replica + "/" + UUID.randomUUID().toString().substring(0, 8), ttl);
        try (Connection c = dataSource.getConnection()) {
            boolean taken = take(c, lease, purpose);
            if (!taken && holder(c, name, false).isEmpty() && insertFreeRow(c, name)) {
                taken = take(c, lease, purpose);
            }
            if (!taken) {
                return Optional.empty();
            }
        }
        held.add(lease);
        long period = Math.max(1000, ttl.toMillis() / 3);
        renewer.schedule(() -> keepAlive(lease, period), period, TimeUnit.MILLISECONDS);
        return Optional.of(lease);
    }

    /** Takes the lease or says who holds it and until when. */
    public Lease acquire(String name, Duration ttl, String purpose) throws SQLException {
        Optional<Lease> lease = tryAcquire(name, ttl, purpose);
        if (lease.isPresent()) {
            return lease.get();
        }
        // Freed between the two reads: report a one-second wait rather than looping here.
        throw new LeaseBusyException(holder(name).orElseGet(() -> new LeaseHolder(name, "another operation", null,
                null, Instant.now(), Duration.ZERO)));
    }

    /**
     * Takes the lease, waiting out a holder that {@code gone} says can no longer be working: its lease is no
     * longer renewed and frees itself within {@code ttl}. Any other holder is reported at once, as by
     * {@link #acquire(String, Duration, String)}.
     */
    public Lease acquireOnceExpired(String name, Duration ttl, String purpose, Predicate<LeaseHolder> gone)
            throws SQLException, InterruptedException {
        Instant giveUp = Instant.now().plus(ttl);
        while (true) {
            try {
                return acquire(name, ttl, purpose);
            } catch (LeaseBusyException busy) {
                if (!gone.test(busy.holder()) || Instant.now().isAfter(giveUp)) {
                    throw busy;
                }
                Log.infof("Waiting %d ms for %s", busy.holder().remaining().toMillis(), busy.getMessage());
                Thread.sleep(busy.holder().remaining().toMillis() + 50);
            }
        }
    }

    public Lease acquire(String name, Duration ttl) throws SQLException {
        return acquire(name, ttl, null);
    }

    /** The live holder of a lease, if any (an expired one counts as free). */
    public Optional<LeaseHolder> holder(String name) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return holder(c, name, false);
        }
    }

    /**
     * The live holder of a lease, read with a shared lock inside the caller's transaction: until it
     * commits, nobody can take the lease. Call it before writing, and back off when it answers a holder.
     */
    public Optional<LeaseHolder> heldOn(Connection connection, String name) throws SQLException {
        return holder(connection, name, true);
    }

    boolean extend(Lease lease) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE leases SET expires_at = "
                        + "TIMESTAMPADD(MICROSECOND, ?, NOW(3)) WHERE name = ? AND owner = ? AND expires_at > NOW(3)")) {
            update.setLong(1, lease.ttl().toNanos() / 1000);
            update.setString(2, lease.name());
            update.setString(3, lease.owner());
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            // Not lost yet: it may still be ours when the database answers again before it expires.
            Log.warnf("Could not renew lease %s: %s", lease, e.getMessage());
            return true;
        }
    }

    void release(Lease lease) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE leases SET owner = NULL, purpose = NULL, "
                        + "acquired_at = NULL, expires_at = NULL WHERE name = ? AND owner = ?")) {
            update.setString(1, lease.name());
            update.setString(2, lease.owner());
            update.executeUpdate();
        } catch (SQLException e) {
            Log.warnf("Could not free lease %s (%s); it frees itself when it expires", lease, e.getMessage());
        }
    }

    void forget(Lease lease) {
        held.remove(lease);
    }

    @PreDestroy
    void stop() {
        renewer.shutdownNow();
        // A clean shutdown frees what it holds; a crash leaves the leases to expire.
        held.forEach(Lease::close);
    }

    private void keepAlive(Lease lease, long periodMillis) {
        if (!held.contains(lease)) {
            return;
        }
        if (lease.renew()) {
            renewer.schedule(() -> keepAlive(lease, periodMillis), periodMillis, TimeUnit.MILLISECONDS);
        } else {
            Log.warnf("Lost lease %s: it expired or was taken over; the work it guarded must stop", lease);
        }
    }

    private static boolean take(Connection c, Lease lease, String purpose) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE leases SET owner = ?, purpose = ?, "
                + "acquired_at = NOW(3), expires_at = TIMESTAMPADD(MICROSECOND, ?, NOW(3)) "
                + "WHERE name = ? AND (owner IS NULL OR expires_at <= NOW(3))")) {
            update.setString(1, lease.owner());
            update.setString(2, purpose == null ? null : purpose.substring(0, Math.min(255, purpose.length())));
            update.setLong(3, lease.ttl().toNanos() / 1000);
            update.setString(4, lease.name());
            return update.executeUpdate() == 1;
        } catch (SQLException e) {
            // On Galera two nodes may take the same row at once; the loser's writeset fails certification
            // (reported as a deadlock). Either way somebody else has it.
            if (e.getErrorCode() == 1213) {
                return false;
            }
            throw e;
        }
    }

    private static boolean insertFreeRow(Connection c, String name) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT IGNORE INTO leases (name) VALUES (?)")) {
            insert.setString(1, name);
            return insert.executeUpdate() == 1;
        }
    }

    private static Optional<LeaseHolder> holder(Connection c, String name, boolean shareLock) throws SQLException {
        String sql = "SELECT " + HOLDER_COLUMNS + " FROM leases WHERE name = ?" + (shareLock ? " LOCK IN SHARE MODE" : "");
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, name);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null || rs.getLong(5) <= 0) {
                    return Optional.empty();
                }
                return Optional.of(new LeaseHolder(name, rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), Duration.ofNanos(rs.getLong(5) * 1000)));
            }
        }
    }

    private static String replicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return "api@" + host + ":" + ProcessHandle.current().pid();
    }
}
