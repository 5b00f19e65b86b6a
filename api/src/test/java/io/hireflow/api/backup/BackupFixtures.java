package io.hireflow.api.backup;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.TableRows;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.digest.Sha256;
import io.hireflow.api.storage.FolderStorage;
import io.hireflow.api.storage.ObjectStorage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;

/** Test helper for backups: seeds rows, reads a table's exact content, plants hand-made backup files. */
@ApplicationScoped
public class BackupFixtures {

    static final Instant FIRST_HIRE = Instant.parse("2021-01-01T00:00:00Z");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    BackupStore store;

    /** Empties the backups folder: each test starts with no backup at all. */
    public void clearBackups() {
        Path root = folder().root();
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(root)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inserts employees 1..n (or from {@code firstId}) spread over the given departments and jobs. */
    public void seedEmployees(int firstId, int count, int departments, int jobs) {
        List<Object[]> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = firstId + i;
            rows.add(new Object[] { id, "Employee " + id, FIRST_HIRE.plusSeconds(id * 3607L),
                    1 + id % departments, 1 + id % jobs });
        }
        try (Connection connection = dataSource.getConnection()) {
            for (int from = 0; from < rows.size(); from += 1000) {
                TableRows.insert(connection, Table.EMPLOYEES, rows.subList(from, Math.min(rows.size(), from + 1000)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every row of the table, in id order, as text: equal lists mean equal tables. */
    public List<String> content(Table table) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
                ResultSet rs = select.executeQuery("SELECT " + TableRows.columnList(table) + " FROM " + table
                        + " ORDER BY " + table.idColumn().name())) {
            while (rs.next()) {
                rows.add(TableRows.read(table, rs).toString());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Names of tables in the schema that a restore uses on the side: none may be left behind. */
    public List<String> leftoverTables() {
        List<String> names = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
                ResultSet rs = select.executeQuery("SELECT table_name FROM information_schema.tables "
                        + "WHERE table_schema = DATABASE() AND (table_name LIKE '%\\_staging' OR table_name LIKE '%\\_old')")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return names;
    }

    /**
     * Writes a hand-made backup with the given schema and records, registered exactly as a real
     * one (checksum and metadata sidecars), so restore and verify judge its content, not its paperwork.
     */
    public BackupMetadata plant(Table table, Schema schema, List<GenericRecord> records) throws IOException {
        Instant createdAt = Instant.now();
        String id = store.newId(createdAt);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            writer.setMeta(BackupWriter.META_TABLE, table.tableName());
            writer.create(schema, file);
            for (GenericRecord record : records) {
                writer.append(record);
            }
        }
        ContentDigest digest = new ContentDigest(table);
        for (GenericRecord record : records) {
            String[] formatted = new String[table.columns().size()];
            for (int i = 0; i < formatted.length; i++) {
                Column column = table.columns().get(i);
                Object value = record.hasField(column.name()) ? record.get(column.name()) : null;
                formatted[i] = value instanceof Long millis ? Column.format(Instant.ofEpochMilli(millis))
                        : String.valueOf(value);
            }
            digest.add(formatted);
        }
        byte[] bytes = file.toByteArray();
        BackupMetadata metadata = new BackupMetadata(id, table.tableName(), records.size(), bytes.length,
                "null", HexFormat.of().formatHex(Sha256.newDigest().digest(bytes)), BackupSchemas.fingerprint(schema),
                createdAt, store.dataKey(table, id), null, digest.value(), "test");
        try (ObjectStorage.Upload upload = store.create(table, id)) {
            upload.stream().write(bytes);
            store.commit(upload, metadata);
        }
        return metadata;
    }

    /** Replaces a backup's file content and rewrites both checksum records to match the new bytes. */
    public void rewriteWithMatchingChecksum(Table table, BackupMetadata backup, byte[] content) throws IOException {
        String sha = HexFormat.of().formatHex(Sha256.newDigest().digest(content));
        BackupMetadata updated = new BackupMetadata(backup.id(), backup.table(), backup.rows(), content.length,
                backup.codec(), sha, backup.schemaFingerprint(), backup.createdAt(), backup.file(), backup.setId(),
                backup.contentDigest(), backup.appVersion());
        try (ObjectStorage.Upload upload = store.create(table, backup.id())) {
            upload.stream().write(content);
            store.commit(upload, updated);
        }
    }

    public BackupStore store() {
        return store;
    }

    /** The backups folder (these tests run with the default target, the shared volume's folder). */
    public FolderStorage folder() {
        return (FolderStorage) store.storage();
    }

    public Path file(Table table, String id) {
        return folder().file(store.dataKey(table, id));
    }

    public Schema schema(Table table) {
        return BackupSchemas.of(table);
    }
}
