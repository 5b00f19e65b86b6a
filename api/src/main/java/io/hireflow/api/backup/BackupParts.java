package io.hireflow.api.backup;

import io.hireflow.api.dictionary.IdSet;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.failure.BrokenInvariantException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * A backup read as contiguous parts side by side (see {@link BackupScan#openParts}), and the checks
 * a whole scan makes, made across them: no invalid row in any part, no id valid in two parts (the
 * file is in id order, so each part holds its own range of ids, but nothing may assume it), and the
 * rows of all parts together as many as recorded.
 *
 * <p>A part cannot number its rows in the file nor judge a repeat of an id another part holds, and it
 * stops at the first doubt. So when anything is wrong, the file is read again whole, checks only:
 * the answer is then exactly the one {@code verify} gives, with the same counts and examples.
 */
final class BackupParts implements AutoCloseable {

    private final BackupStore store;
    private final Table table;
    private final BackupMetadata backup;
    private final Map<Table, IntPredicate> parentHas;
    private final List<BackupScan> scans;

    private BackupParts(BackupStore store, Table table, BackupMetadata backup, Map<Table, IntPredicate> parentHas,
            List<BackupScan> scans) {
        this.store = store;
        this.table = table;
        this.backup = backup;
        this.parentHas = parentHas;
        this.scans = scans;
    }

    static BackupParts open(BackupStore store, Table table, BackupMetadata backup, Map<Table, IntPredicate> parentHas,
            int count) throws IOException {
        return new BackupParts(store, table, backup, parentHas,
                BackupScan.openParts(store, table, backup, parentHas, count));
    }

    List<BackupScan> scans() {
        return scans;
    }

    /**
     * Passes when the parts together pass every check of a whole scan; otherwise throws the problem a
     * whole scan finds, or {@code failure} (what stopped a part) if it finds none.
     */
    void finish(RuntimeException failure) throws IOException {
        if (failure == null && scans.stream().allMatch(s -> s.invalidRows() == 0) && !idsInTwoParts()
                && rows() == backup.rows()) {
            return;
        }
        try (BackupScan whole = BackupScan.open(store, table, backup, parentHas, false)) {
            whole.scanAll();
        }
        if (failure != null) {
            throw failure;
        }
        throw new BrokenInvariantException("restore-load-failed", "Restore load failed", "Reading the backup of " + table
                + " in parts found a problem that reading it whole did not (was the file replaced meanwhile?)."
                + BackupProblems.UNCHANGED);
    }

    private boolean idsInTwoParts() {
        for (int i = 0; i < scans.size(); i++) {
            for (int j = i + 1; j < scans.size(); j++) {
                if (scans.get(i).ids().intersects(scans.get(j).ids())) {
                    return true;
                }
            }
        }
        return false;
    }

    long rows() {
        return scans.stream().mapToLong(BackupScan::rows).sum();
    }

    /** The ids of all valid rows. */
    IdSet ids() {
        IdSet all = new IdSet();
        scans.forEach(s -> all.addAll(s.ids()));
        return all;
    }

    /** The recorded digest: parts do not digest rows (the restored table's digest is compared with it). */
    String digest() {
        return backup.contentDigest();
    }

    boolean compatibleSchemaChange() {
        return scans.get(0).compatibleSchemaChange();
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (BackupScan scan : scans) {
            try {
                scan.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
