package io.hireflow.api.backup;

import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.TableRows;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.digest.Sha256;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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
        Path root = store.root();
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
        Path temporary = store.temporaryFile(table, id);
        Files.createDirectories(temporary.getParent());
        try (DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(schema))) {
            writer.setMeta(BackupWriter.META_TABLE, table.tableName());
            writer.create(schema, temporary.toFile());
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
        BackupMetadata metadata = new BackupMetadata(id, table.tableName(), records.size(), Files.size(temporary),
                "null", Sha256.hex(temporary), BackupSchemas.fingerprint(schema), createdAt,
                store.root().relativize(store.avroFile(table, id)).toString(), null, digest.value(), "test");
        store.commit(temporary, metadata);
        return metadata;
    }

    /** Replaces a backup's file content and rewrites both checksum records to match the new bytes. */
    public void rewriteWithMatchingChecksum(Table table, BackupMetadata backup, byte[] content) throws IOException {
        Path file = store.avroFile(table, backup.id());
        Files.write(file, content);
        String sha = Sha256.hex(file);
        BackupMetadata updated = new BackupMetadata(backup.id(), backup.table(), backup.rows(), content.length,
                backup.codec(), sha, backup.schemaFingerprint(), backup.createdAt(), backup.file(), backup.setId(),
                backup.contentDigest(), backup.appVersion());
        Path temporary = store.temporaryFile(table, backup.id());
        Files.copy(file, temporary);
        store.commit(temporary, updated);
    }

    public BackupStore store() {
        return store;
    }

    public Path file(Table table, String id) {
        return store.avroFile(table, id);
    }

    public Schema schema(Table table) {
        return BackupSchemas.of(table);
    }
}
