package io.hireflow.api.backup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.IdSet;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.RowValidator;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.digest.Sha256;
import io.hireflow.api.failure.UnusableContentException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.file.DataFileConstants;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;

/**
 * Reads a backup file and judges it, one row at a time: checksum against the sidecar, the writer
 * schema resolved against the dictionary's current schema, every block decoded, every row checked
 * against the column rules, unique ids and (when given) parent ids, then row count and content
 * digest against the metadata. Valid rows go to a {@link Sink}.
 *
 * <p>A scan reads the whole file, or one of the contiguous parts {@link #openParts} splits it into
 * (see {@link BackupParts}).
 */
final class BackupScan implements AutoCloseable {

    /**
     * Receives each valid row in dictionary order: integers as {@link Integer}, text as {@link String},
     * instants as their canonical text ({@link Column#format}). Only valid for the call.
     */
    interface Sink {
        void accept(Object[] cells);
    }

    static final int MAX_EXAMPLES = 10;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Table table;
    private final BackupMetadata backup;
    private final DataFileReader<GenericRecord> reader;
    private final RowValidator validator;
    private final Map<Table, IntPredicate> parentHas;
    private final ContentDigest digest;
    private final List<Column> columns;
    private final ColumnType[] types;
    private final Object[] cells;
    private final List<Map<String, Object>> examples = new ArrayList<>();
    private final boolean compatibleSchemaChange;
    private GenericRecord record;
    /** Where this scan's part of the file ends: it reads the blocks whose sync marker starts before it. */
    private long end;
    private long read;
    private long invalid;

    private BackupScan(Table table, BackupMetadata backup, DataFileReader<GenericRecord> reader,
            Map<Table, IntPredicate> parentHas, boolean compatibleSchemaChange, boolean digestRows, long end) {
        this.table = table;
        this.digest = digestRows ? new ContentDigest(table) : null;
        this.backup = backup;
        this.reader = reader;
        this.validator = new RowValidator(table, parentHas == null ? RelationCheck.withinRows(table)
                : new RelationCheck(table, id -> false, parentHas));
        this.parentHas = parentHas;
        this.columns = table.columns();
        this.types = columns.stream().map(Column::type).toArray(ColumnType[]::new);
        this.cells = new Object[columns.size()];
        this.compatibleSchemaChange = compatibleSchemaChange;
        this.end = end;
    }

    /**
     * Checks the file's checksum and schema and opens it for reading.
     *
     * @param parentHas for each parent table, whether an id exists there; {@code null} skips reference checks
     * @param digestRows recompute the content digest from the rows (verify); a restore relies on the checksum
     *     for the file and compares the database's digest of the swapped-in table with the recorded one instead
     */
    static BackupScan open(BackupStore store, Table table, BackupMetadata backup, Map<Table, IntPredicate> parentHas,
            boolean digestRows) throws IOException {
        String file = store.dataKey(table, backup.id());
        String stored = store.storedChecksum(table, backup.id());
        if (stored == null) {
            throw BackupProblems.unusable("checksum-missing", "Backup checksum missing", backup,
                    "the checksum file " + store.checksumKey(table, backup.id())
                            + " is missing, so the file cannot be trusted.");
        }
        String actual = sha256(store, file);
        if (!actual.equalsIgnoreCase(stored) || !actual.equalsIgnoreCase(backup.sha256())) {
            throw BackupProblems.unusable("checksum-mismatch", "Backup checksum mismatch", backup,
                    "the file's SHA-256 is " + actual + " but " + stored
                            + " was recorded when it was written: it was truncated, damaged or replaced.")
                    .with("expectedSha256", stored).with("actualSha256", actual);
        }
        Schema current = BackupSchemas.of(table);
        DataFileReader<GenericRecord> reader = reader(store, file, current, backup);
        try {
            Schema writer = reader.getSchema();
            String fileTable = reader.getMetaString(BackupWriter.META_TABLE);
            if (fileTable != null && !fileTable.equals(table.tableName())) {
                throw BackupProblems.unusable("schema-mismatch", "Backup schema does not match the table", backup,
                        "the file holds a backup of " + fileTable + ", not of " + table + ".");
            }
            SchemaCompatibility.SchemaPairCompatibility compatibility = SchemaCompatibility
                    .checkReaderWriterCompatibility(current, writer);
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                List<String> reasons = compatibility.getResult().getIncompatibilities().stream()
                        .map(i -> i.getMessage() + " at " + i.getLocation()).toList();
                throw BackupProblems.unusable("schema-mismatch", "Backup schema does not match the table", backup,
                        "the file's schema cannot be read as the current " + table + " schema: "
                                + String.join("; ", reasons) + ".")
                        .with("incompatibilities", reasons)
                        .with("expectedSchema", current.toString())
                        .with("fileSchema", writer.toString());
            }
            boolean changed = !BackupSchemas.fingerprint(writer).equals(BackupSchemas.fingerprint(current));
            return new BackupScan(table, backup, reader, parentHas, changed, digestRows, store.storage().size(file));
        } catch (RuntimeException e) {
            try {
                reader.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Opens the file in {@code count} parts of about equal size, split at block boundaries: each part
     * reads the blocks whose sync marker starts in its share of the bytes (Hadoop's split rule), so
     * every block is read by exactly one part, in file order within it. The checksum and schema are
     * checked once, by the first. Parts never digest rows.
     */
    static List<BackupScan> openParts(BackupStore store, Table table, BackupMetadata backup,
            Map<Table, IntPredicate> parentHas, int count) throws IOException {
        BackupScan first = open(store, table, backup, parentHas, false);
        List<BackupScan> parts = new ArrayList<>(List.of(first));
        try {
            String file = store.dataKey(table, backup.id());
            long length = first.end; // a whole scan ends at the end of the file
            Schema current = BackupSchemas.of(table);
            first.end = length / count;
            for (int k = 1; k < count; k++) {
                DataFileReader<GenericRecord> reader = reader(store, file, current, backup);
                parts.add(new BackupScan(table, backup, reader, first.parentHas, first.compatibleSchemaChange,
                        false, length * (k + 1) / count));
                reader.sync(length * k / count);
            }
            return parts;
        } catch (IOException | RuntimeException e) {
            for (BackupScan part : parts) {
                try {
                    part.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** The SHA-256 of a stored file, streamed through once. */
    private static String sha256(BackupStore store, String key) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        try (InputStream in = store.storage().open(key, 0)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static DataFileReader<GenericRecord> reader(BackupStore store, String key, Schema current,
            BackupMetadata backup) throws IOException {
        StoredFileInput input = new StoredFileInput(store.storage(), key);
        try {
            return new DataFileReader<>(input, new GenericDatumReader<>(null, current));
        } catch (IOException | RuntimeException e) {
            input.close();
            throw BackupProblems.unusable("corrupt-backup", "Corrupt backup", backup,
                    "the file is not a readable Avro data file (" + e.getMessage() + ").");
        }
    }

    /** Reads and judges one row; valid rows go to the sink. Returns false after the last row of the part. */
    boolean step(Sink sink) {
        try {
            // reader.pastSync(end), without the file-size system call it makes on every row.
            if (!reader.hasNext() || reader.previousSync() >= end + DataFileConstants.SYNC_SIZE) {
                return false;
            }
            record = reader.next(record);
        } catch (IOException | RuntimeException e) {
            throw corrupt(e);
        }
        read++;
        CheckedRow row = validator.backupRecord(record, cells);
        if (row.valid()) {
            if (digest != null) {
                digest.add(formatted());
            }
            sink.accept(cells);
        } else {
            invalid++;
            if (examples.size() < MAX_EXAMPLES) {
                String[] formatted = formatted();
                ObjectNode rawRow = JSON.objectNode();
                for (int i = 0; i < formatted.length; i++) {
                    rawRow.put(columns.get(i).name(), formatted[i]);
                }
                Map<String, Object> example = new LinkedHashMap<>();
                example.put("index", read - 1); // in the part: whole scans report (see BackupParts)
                example.put("row", rawRow);
                example.put("errors", row.violations());
                examples.add(example);
            }
        }
        return true;
    }

    /** The row's values as {@link Column#format} writes them. */
    private String[] formatted() {
        String[] formatted = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            formatted[i] = cells[i] == null ? null : cells[i].toString();
        }
        return formatted;
    }

    /** Checks what can only be checked at the end: no invalid row, count and digest as recorded. */
    void finish() {
        if (invalid > 0) {
            throw BackupProblems.unusable("invalid-rows", "Backup rows break the data dictionary", backup,
                    invalid + " of " + read + " rows break the rules of " + table + " (see 'examples', the first "
                            + examples.size() + ").")
                    .with("invalidRows", invalid).with("rowsRead", read).with("examples", examples);
        }
        if (read != backup.rows()) {
            throw BackupProblems.unusable("row-count-mismatch", "Backup row count mismatch", backup,
                    "the file holds " + read + " rows but " + backup.rows() + " were recorded at backup time.");
        }
        if (digest != null && backup.contentDigest() != null && !backup.contentDigest().equals(digest.value())) {
            throw BackupProblems.unusable("digest-mismatch", "Backup content digest mismatch", backup,
                    "the rows' digest is " + digest.value() + " but " + backup.contentDigest()
                            + " was recorded at backup time.");
        }
    }

    /** Runs every check without a destination for the rows. */
    void scanAll() {
        while (step(f -> {
        })) {
            // judging is the point
        }
        finish();
    }

    long rows() {
        return read;
    }

    long invalidRows() {
        return invalid;
    }

    /** The recomputed digest, or the recorded one when rows are not digested. */
    String digest() {
        return digest != null ? digest.value() : backup.contentDigest();
    }

    /** The ids of the valid rows. */
    IdSet ids() {
        return validator.accepted();
    }

    boolean compatibleSchemaChange() {
        return compatibleSchemaChange;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    private UnusableContentException corrupt(Exception e) {
        String cause = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage()
                : e.getMessage();
        return BackupProblems.unusable("corrupt-backup", "Corrupt backup", backup,
                "a block after row " + read + " cannot be decoded (" + cause + ").");
    }
}
