package io.hireflow.api.backup;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.Leases;
import io.hireflow.api.database.OwnConnection;
import io.hireflow.api.database.ReadAheadStream;
import io.hireflow.api.database.StagingTables;
import io.hireflow.api.database.StagingTables.DanglingReference;
import io.hireflow.api.database.TableLeases;
import io.hireflow.api.database.TableRows;
import io.hireflow.api.database.TryAgainException;
import io.hireflow.api.dictionary.IdSet;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.failure.BrokenInvariantException;
import io.hireflow.api.failure.ConflictException;
import io.hireflow.api.failure.DomainException;
import io.hireflow.api.observe.BackupMetrics;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/**
 * Restores tables from backups without ever losing one: every check and the full load happen in a
 * staging table while the live table is untouched, then one {@code RENAME TABLE} swaps them.
 *
 * <p>The {@code table.<name>} leases of the restored tables and of their children are held (and renewed)
 * throughout: taking them waits for the batches in flight to commit, later batches get 503 with
 * Retry-After instead of writing into a table about to be replaced, and no child row can start
 * pointing at a parent row the restore removes. Everything that follows the swap runs on the swap's
 * own connection, so on a cluster it sees what the swap did.
 */
@ApplicationScoped
public class RestoreService {

    /** Parts of a backup loaded side by side: one per core of the measured two-core machine. */
    private static final int LOADS = 2;

    private final AgroalDataSource dataSource;
    /** Renewed (by Leases) every third of it while a restore runs; a crashed restore frees its tables this soon. */
    private static final Duration LEASE_TTL = Duration.ofSeconds(60);

    private final Leases leases;
    private final BackupStore store;

    private final BackupMetrics metrics;
    /** Beside the caller's thread: loads the other parts of a backup, counts the live table, hashes half of it. */
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "restore-worker");
        thread.setDaemon(true);
        return thread;
    });

    RestoreService(AgroalDataSource dataSource, Leases leases, BackupStore store, BackupMetrics metrics) {
        this.dataSource = dataSource;
        this.leases = leases;
        this.store = store;
        this.metrics = metrics;
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
    }

    public VerifyResult verify(Table table, String id) throws IOException {
        long started = System.nanoTime();
        BackupMetadata backup = store.require(table, id);
        try (BackupScan scan = BackupScan.open(store, table, backup, null, true)) {
            scan.scanAll();
            return new VerifyResult(backup.id(), table.tableName(), true, scan.rows(), backup.sha256(), scan.digest(),
                    backup.schemaFingerprint(), scan.compatibleSchemaChange(), seconds(started));
        }
    }

    public RestoreResult restore(Table table, String ref, boolean dryRun) throws SQLException, IOException {
        long started = System.nanoTime();
        try {
            RestoreResult result = restoreUnderLock(table, ref, dryRun, started);
            metrics.restoreSucceeded(table, Duration.ofNanos(System.nanoTime() - started), result.rows(), dryRun);
            return result;
        } catch (SQLException | IOException | RuntimeException e) {
            if (!refusal(e)) {
                metrics.restoreFailed(table); // a refused request is the caller's to fix, not a failure
            }
            throw e;
        }
    }

    /** Refused for the caller to fix (a wrong id, a bad file, dangling references), not failed on our side. */
    private static boolean refusal(Exception e) {
        return e instanceof DomainException && !(e instanceof BrokenInvariantException)
                && !(e instanceof TryAgainException);
    }

    private RestoreResult restoreUnderLock(Table table, String ref, boolean dryRun, long started)
            throws SQLException, IOException {
        BackupMetadata backup = store.require(table, ref);
        Set<Table> locked = new LinkedHashSet<>(List.of(table));
        locked.addAll(table.children());
        try (TableLeases held = TableLeases.acquire(leases, locked, LEASE_TTL, "restoring " + table + " from " + backup.id());
                Connection connection = dataSource.getConnection()) {
            StagingTables.dropLeftovers(connection, List.of(table));
            Map<Table, IntPredicate> parents = TableRows.parentHas(connection, table);
            try {
                Staged staged = stage(connection, table, backup, parents);
                refuseDanglingReferences(connection, table);
                if (dryRun) {
                    return staged.result(started, true, null);
                }
                held.requireHeld("the swap");
                Map<Table, String> digests = swapAndProve(connection, List.of(staged));
                return staged.result(started, false, digests.get(table));
            } finally {
                StagingTables.dropLeftovers(connection, List.of(table));
            }
        }
    }

    /** Restores every table of a set, parents first, validated against each other and swapped in one statement. */
    public SetRestoreResult restoreSet(String setId, boolean dryRun) throws SQLException, IOException {
        long started = System.nanoTime();
        BackupSet set = store.requireSet(setId);
        Map<Table, BackupMetadata> members = new EnumMap<>(Table.class);
        for (BackupMetadata member : set.backups()) {
            Table table = Table.byName(member.table()).orElseThrow();
            members.put(table, store.find(table, member.id()).orElseThrow(() -> new ConflictException(
                    "backup-set-incomplete", "Backup set incomplete", "Backup " + member.id() + " of " + table
                            + " in set " + setId + " is gone (removed by retention?); restore a newer set."
                            + BackupProblems.UNCHANGED)));
        }
        if (members.size() != Table.values().length) {
            throw new ConflictException("backup-set-incomplete", "Backup set incomplete",
                    "Set " + setId + " does not hold every table." + BackupProblems.UNCHANGED);
        }
        List<Table> tables = List.of(Table.values());
        try (TableLeases held = TableLeases.acquire(leases, tables, LEASE_TTL, "restoring backup set " + setId);
                Connection connection = dataSource.getConnection()) {
            StagingTables.dropLeftovers(connection, tables);
            try {
                Map<Table, IdSet> stagedIds = new EnumMap<>(Table.class);
                List<Staged> staged = new ArrayList<>();
                for (Table table : tables) { // parents first: children are checked against the staged parents
                    Map<Table, IntPredicate> parents = new EnumMap<>(Table.class);
                    table.references().forEach(c -> parents.put(c.references(), stagedIds.get(c.references())::contains));
                    Staged one = stage(connection, table, members.get(table), parents);
                    stagedIds.put(table, one.ids);
                    staged.add(one);
                }
                if (!dryRun) {
                    held.requireHeld("the swap");
                }
                Map<Table, String> digests = dryRun ? Map.of() : swapAndProve(connection, staged);
                List<RestoreResult> results = staged.stream()
                        .map(s -> s.result(started, dryRun, digests.get(s.table))).toList();
                return new SetRestoreResult(setId, dryRun, seconds(started), results);
            } finally {
                StagingTables.dropLeftovers(connection, tables);
            }
        }
    }

    /** A backup fully checked and loaded into its staging table. */
    private record Staged(Table table, BackupMetadata backup, long rows, long rowsBefore, String digest, IdSet ids,
            boolean schemaResolved) {

        RestoreResult result(long started, boolean dryRun, String liveDigest) {
            return new RestoreResult(table.tableName(), backup.id(), rows, rowsBefore, seconds(started), dryRun,
                    dryRun ? null : digest.equals(liveDigest), digest, schemaResolved);
        }
    }

    private Staged stage(Connection connection, Table table, BackupMetadata backup, Map<Table, IntPredicate> parents)
            throws SQLException, IOException {
        long stageStarted = System.nanoTime();
        try (BackupParts parts = BackupParts.open(store, table, backup, parents, LOADS)) {
            Map<String, String> indexes = StagingTables.create(connection, table);
            long loadStarted = System.nanoTime();
            AtomicBoolean stop = new AtomicBoolean();
            List<LoadDataStream> streams = parts.scans().stream().map(s -> new LoadDataStream(table, s, stop)).toList();
            long loaded = loadSideBySide(connection, table, streams, stop);
            parts.finish(streams.stream().map(LoadDataStream::failure).filter(f -> f != null).findFirst().orElse(null));
            long sent = streams.stream().mapToLong(LoadDataStream::rows).sum();
            if (loaded != sent) {
                throw new BrokenInvariantException("restore-load-failed", "Restore load failed", "The database loaded "
                        + loaded + " of " + sent + " rows of " + table + " into staging." + BackupProblems.UNCHANGED);
            }
            long indexStarted = System.nanoTime();
            // The index build keeps one core busy, not two: the live table is counted meanwhile.
            CompletableFuture<Long> counted = OwnConnection.start(dataSource, workers, own -> TableRows.count(own, table));
            StagingTables.buildIndexes(connection, table, indexes);
            long before = OwnConnection.join(counted);
            Log.infof("Staged %d rows of %s from backup %s in %.2f s (checks and load %.2f s, indexes %.2f s)", loaded,
                    table, backup.id(), seconds(stageStarted), (indexStarted - loadStarted) / 1e9, seconds(indexStarted));
            return new Staged(table, backup, loaded, before, parts.digest(), parts.ids(), parts.compatibleSchemaChange());
        }
    }

    /**
     * Loads each part on a connection of its own, the first on the caller's, all at once: two
     * concurrent LOAD DATA into the staging table take about half the time of one. Returns the rows
     * the database loaded; waits for every load, whatever happens to one of them.
     */
    private long loadSideBySide(Connection connection, Table table, List<LoadDataStream> streams, AtomicBoolean stop)
            throws SQLException {
        List<CompletableFuture<Long>> others = new ArrayList<>();
        for (LoadDataStream stream : streams.subList(1, streams.size())) {
            others.add(OwnConnection.start(dataSource, workers, own -> load(own, table, stream, stop)));
        }
        long loaded = 0;
        Exception failure = null;
        try {
            loaded = load(connection, table, streams.get(0), stop);
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
        for (CompletableFuture<Long> other : others) {
            try {
                loaded += other.join();
            } catch (CompletionException e) {
                Exception cause = e.getCause() instanceof Exception c ? c : e;
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure instanceof SQLException sql) {
            throw sql;
        } else if (failure != null) {
            throw (RuntimeException) failure;
        }
        return loaded;
    }

    /** One part's LOAD DATA, its rows checked a few chunks ahead on a thread of their own; a failure stops the other parts. */
    private static long load(Connection connection, Table table, LoadDataStream tsv, AtomicBoolean stop)
            throws SQLException {
        try (ReadAheadStream ahead = new ReadAheadStream(tsv, "restore-" + table)) {
            return StagingTables.load(connection, table, ahead);
        } catch (SQLException | RuntimeException e) {
            stop.set(true);
            throw e;
        }
    }

    /** Children rows that would point at a parent row the staged table no longer has: refused, with their ids. */
    private static void refuseDanglingReferences(Connection connection, Table parent) throws SQLException {
        List<DanglingReference> dangling = StagingTables.danglingReferences(connection, parent);
        if (!dangling.isEmpty()) {
            String summary = dangling.stream().map(d -> d.rows() + " " + d.child() + " rows whose " + d.column().name()
                    + " is one of " + d.firstMissingIds()).collect(Collectors.joining("; "));
            List<Map<String, Object>> details = dangling.stream().map(d -> Map.<String, Object>of("table",
                    d.child().tableName(), "column", d.column().name(), "rows", d.rows(), "missingIds",
                    d.firstMissingIds())).toList();
            throw new ConflictException("dangling-references", "Restore would leave dangling references",
                    "Restoring " + parent + " alone would leave " + summary + " pointing at rows the backup does not "
                            + "have. Restore a backup set (POST /backups/{setId}/restore) instead." + BackupProblems.UNCHANGED)
                    .with("dangling", details);
        }
    }

    /**
     * Swaps all staged tables in with one atomic RENAME, then compares each live table's digest with
     * its backup's; on a mismatch the old tables are swapped back before anything is dropped.
     */
    private Map<Table, String> swapAndProve(Connection connection, List<Staged> staged) throws SQLException {
        List<Table> tables = staged.stream().map(Staged::table).toList();
        long started = System.nanoTime();
        StagingTables.swapIn(connection, tables);
        long renamed = System.nanoTime();
        Map<Table, String> digests = new EnumMap<>(Table.class);
        for (Staged s : staged) {
            // On the swap's connection: through a proxy or on a cluster, another pooled connection may sit on a
            // node that has not applied the swap yet (issue #11 saw a false restore-digest-mismatch that way).
            digests.put(s.table, ContentDigest.ofTable(connection, s.table));
        }
        List<Staged> wrong = staged.stream().filter(s -> !s.digest.equals(digests.get(s.table))).toList();
        if (!wrong.isEmpty()) {
            StagingTables.swapBack(connection, tables);
            throw new BrokenInvariantException("restore-digest-mismatch", "Restored content differs from the backup",
                    "After the swap the content of " + wrong.stream().map(s -> s.table.tableName()).toList()
                            + " did not match the backup; the previous tables were put back." + BackupProblems.UNCHANGED);
        }
        long digested = System.nanoTime();
        StagingTables.dropOld(connection, tables);
        Log.infof("Swapped in %s: rename %.2f s, digest %.2f s, old tables dropped %.2f s", tables,
                (renamed - started) / 1e9, (digested - renamed) / 1e9, seconds(digested));
        return digests;
    }

    private static double seconds(long started) {
        return Math.round((System.nanoTime() - started) / 1e6) / 1000.0;
    }
}
