package io.hireflow.api.backup;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.database.Snapshots;
import io.hireflow.api.database.TableRows;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.observe.BackupMetrics;
import io.hireflow.api.storage.ObjectStorage;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Takes backups: each table streamed from a consistent snapshot (one transaction, one connection)
 * into its own Avro file, then retention applied.
 */
@ApplicationScoped
public class BackupService {

    private final AgroalDataSource dataSource;
    private final BackupStore store;
    private final Codecs.Codec codec;
    private final int retention;
    private final String appVersion;
    private final BackupMetrics metrics;

    BackupService(AgroalDataSource dataSource, BackupStore store, HireflowConfig config, BackupMetrics metrics,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String appVersion) {
        this.dataSource = dataSource;
        this.metrics = metrics;
        this.store = store;
        this.codec = Codecs.parse(config.backup().codec());
        this.retention = Math.max(1, config.backup().retention());
        this.appVersion = appVersion;
    }

    public BackupMetadata backup(Table table) throws SQLException, IOException {
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return snapshot(List.of(table), store.newId(createdAt), null, createdAt).get(0);
    }

    /** All tables from one snapshot: a set whose members share its id, restorable without dangling references. */
    public BackupSet backupAll() throws SQLException, IOException {
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String setId = store.newId(createdAt);
        List<BackupMetadata> backups = snapshot(List.of(Table.values()), setId, setId, createdAt);
        BackupSet set = new BackupSet(setId, createdAt, backups, true);
        try {
            store.writeSet(set);
        } catch (IOException e) {
            backups.forEach(store::delete);
            throw e;
        }
        return set;
    }

    private List<BackupMetadata> snapshot(List<Table> tables, String id, String setId, Instant createdAt)
            throws SQLException, IOException {
        List<BackupMetadata> written = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try {
                // All tables come from the same instant, and counts match the streams.
                Snapshots.begin(connection);
                for (Table table : tables) {
                    written.add(backupOne(connection, table, id, setId, createdAt));
                }
            } finally {
                Snapshots.end(connection);
            }
        } catch (SQLException | IOException | RuntimeException e) {
            // A set is all or nothing: members already in place are removed again.
            written.forEach(store::delete);
            tables.forEach(metrics::backupFailed);
            throw e;
        }
        for (Table table : tables) {
            store.prune(table, retention);
        }
        return written;
    }

    private BackupMetadata backupOne(Connection connection, Table table, String id, String setId,
            Instant createdAt) throws SQLException, IOException {
        long started = System.nanoTime();
        // Closed without a commit (any failure), the upload is aborted: nothing under a final name.
        try (ObjectStorage.Upload upload = store.create(table, id)) {
            // The header carries the row count, so it is counted first (in the snapshot, so it matches).
            // Counting on a second connection while streaming was measured no faster: both scans share the cores.
            long expected = TableRows.count(connection, table);
            long counted = System.nanoTime();
            BackupWriter.Written file = stream(connection, table, upload.stream(), expected, id, setId, createdAt);
            long streamed = System.nanoTime();
            String key = store.dataKey(table, id);
            BackupMetadata metadata = new BackupMetadata(id, table.tableName(), file.rows(), file.bytes(),
                    file.codec(), file.sha256(), file.schemaFingerprint(), createdAt, key, setId,
                    file.contentDigest(), appVersion);
            store.commit(upload, metadata);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            metrics.backupSucceeded(table, took, file.rows(), file.bytes());
            Log.infof("Backed up %d rows of %s to %s%s (%d bytes, %s) in %.2f s (count %.2f s, stream %.2f s)",
                    file.rows(), table, store.storage().location().endsWith("/") ? store.storage().location()
                            : store.storage().location() + "/", key, file.bytes(), file.codec(),
                    took.toNanos() / 1e9, (counted - started) / 1e9, (streamed - counted) / 1e9);
            return metadata;
        }
    }

    private BackupWriter.Written stream(Connection connection, Table table, OutputStream out,
            long expectedRows, String id, String setId, Instant createdAt) throws SQLException, IOException {
        return TableRows.streamInIdOrder(connection, table, rows -> new BackupWriter(table, codec)
                .write(rows, out, expectedRows, id, setId, createdAt, appVersion));
    }
}
