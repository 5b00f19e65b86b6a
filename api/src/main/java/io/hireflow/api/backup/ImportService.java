package io.hireflow.api.backup;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hireflow.api.config.HireflowConfig;
import io.hireflow.api.dictionary.CheckedRow;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.RelationCheck;
import io.hireflow.api.dictionary.RowValidator;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.dictionary.Violation;
import io.hireflow.api.digest.Sha256;
import io.hireflow.api.storage.ObjectStorage;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns an Avro file written elsewhere into a backup: received to the shared folder (never held in memory),
 * its fields mapped by name ({@link AvroFieldMapping}), every block decoded and every row checked against the
 * dictionary, then rewritten in hireflow's own schema into the backup storage, where a restore takes it like
 * any other. A refused file leaves nothing behind.
 */
@ApplicationScoped
public class ImportService {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final int BUFFER = 1 << 16;

    /** An upload untouched this long belongs to an import that died. */
    private static final Duration ABANDONED_AFTER = Duration.ofHours(1);

    private final BackupStore store;
    /** Where uploads are received and checked: the shared volume, whatever storage keeps the backups. */
    private final Path uploads;
    private final Codecs.Codec codec;
    private final int retention;
    private final long maxBytes;
    private final String appVersion;

    ImportService(BackupStore store, HireflowConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String appVersion) {
        this.store = store;
        this.uploads = config.sharedDir().resolve("imports");
        this.codec = Codecs.parse(config.backup().codec());
        this.retention = Math.max(1, config.backup().retention());
        this.maxBytes = config.backup().importMaxSize().asLongValue();
        this.appVersion = appVersion;
    }

    /** Receive, map, check, rewrite, put in place: the import in the order it happens. */
    public ImportResult importFile(Table table, InputStream body, boolean dryRun) throws IOException {
        long started = System.nanoTime();
        Instant createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String id = store.newId(createdAt);
        sweepAbandoned();
        // Hidden, ending in .tmp, removed whatever happens (and swept after a crash).
        Path upload = uploads.resolve("." + table.tableName() + "-" + id + ".import.tmp");
        try {
            Received received = receive(table, body, upload);
            if (dryRun) {
                Checked checked = checkAndRewrite(table, upload, null, id, createdAt);
                return new ImportResult(true, table.tableName(), checked.rows, origin(checked, received), null);
            }
            // Closed without a commit (a refusal, any failure), the backup's upload is aborted: nothing is stored.
            try (ObjectStorage.Upload backupFile = store.create(table, id)) {
                Checked checked = checkAndRewrite(table, upload, backupFile.stream(), id, createdAt);
                ImportOrigin origin = origin(checked, received);
                BackupMetadata backup = new BackupMetadata(id, table.tableName(), checked.rows, checked.bytes,
                        codec.name(), checked.sha256, BackupSchemas.fingerprint(BackupSchemas.of(table)), createdAt,
                        store.dataKey(table, id), null, checked.contentDigest, appVersion, origin);
                store.commit(backupFile, backup);
                store.prune(table, retention);
                Log.infof("Imported %d rows of %s from %s (%d bytes, %s) as backup %s in %.2f s", checked.rows,
                        table, origin.schemaName(), received.bytes, checked.codec, id,
                        (System.nanoTime() - started) / 1e9);
                return new ImportResult(false, table.tableName(), checked.rows, origin, backup);
            }
        } finally {
            Files.deleteIfExists(upload);
        }
    }

    private static ImportOrigin origin(Checked checked, Received received) {
        return new ImportOrigin(checked.schema.getFullName(), checked.schema.toString(),
                BackupSchemas.fingerprint(checked.schema), checked.codec, received.bytes, received.sha256,
                checked.mapping.fields(), checked.mapping.ignoredFields());
    }

    /** Uploads a crashed import left behind; only old ones: a younger one may be another replica's import. */
    private void sweepAbandoned() {
        if (!Files.isDirectory(uploads)) {
            return;
        }
        Instant cutoff = Instant.now().minus(ABANDONED_AFTER);
        try (Stream<Path> files = Files.list(uploads)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".import.tmp")).toList()) {
                if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(file);
                    Log.infof("Removed %s, left by an import that did not finish", file.getFileName());
                }
            }
        } catch (IOException e) {
            Log.debugf("Could not sweep %s: %s", uploads, e.getMessage());
        }
    }

    private record Received(long bytes, String sha256) {
    }

    /** Copies the body to {@code upload}, hashing it and refusing it once it passes the limit. */
    private Received receive(Table table, InputStream body, Path upload) throws IOException {
        Files.createDirectories(upload.getParent());
        MessageDigest sha256 = Sha256.newDigest();
        long bytes = 0;
        byte[] buffer = new byte[BUFFER];
        try (OutputStream out = new FileOutputStream(upload.toFile())) {
            for (int n; (n = body.read(buffer)) > 0;) {
                bytes += n;
                if (bytes > maxBytes) {
                    throw ImportRefusals.tooLarge(table, maxBytes);
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return new Received(bytes, HexFormat.of().formatHex(sha256.digest()));
    }

    private record Checked(Schema schema, String codec, AvroFieldMapping mapping, long rows, long bytes,
            String sha256, String contentDigest) {
    }

    /**
     * Reads the upload row by row: maps each record, judges it, and (unless {@code target} is null) writes it
     * in the table's own schema. Bad rows are counted to the end, the first few kept for the answer.
     */
    private Checked checkAndRewrite(Table table, Path upload, OutputStream target, String id, Instant createdAt)
            throws IOException {
        DataFileReader<GenericRecord> reader;
        try {
            reader = new DataFileReader<>(upload.toFile(), new GenericDatumReader<>());
        } catch (IOException | RuntimeException e) {
            throw ImportRefusals.notAvro(table, e.getMessage());
        }
        try (reader) {
            Schema writerSchema = reader.getSchema();
            String fileCodec = reader.getMetaString("avro.codec") == null ? "null" : reader.getMetaString("avro.codec");
            AvroFieldMapping mapping = AvroFieldMapping.of(table, writerSchema);
            Schema own = BackupSchemas.of(table);
            RowValidator validator = new RowValidator(table, RelationCheck.withinRows(table));
            ContentDigest digest = new ContentDigest(table);
            MessageDigest sha256 = Sha256.newDigest();
            List<Column> columns = table.columns();
            List<Map<String, Object>> examples = new ArrayList<>();
            long rows = 0;
            long invalid = 0;
            GenericRecord record = null;
            GenericData.Record out = new GenericData.Record(own);
            String[] shown = new String[columns.size()];
            String[] formatted = new String[columns.size()];
            BackupWriter.Counting counted = target == null ? null : new BackupWriter.Counting(target);
            DataFileWriter<GenericRecord> writer = counted == null ? null
                    : open(table, own, counted, sha256, id, createdAt);
            try {
                while (true) {
                    try {
                        if (!reader.hasNext()) {
                            break;
                        }
                        record = reader.next(record);
                    } catch (IOException | RuntimeException e) {
                        throw ImportRefusals.corrupt(table, rows, rootMessage(e));
                    }
                    rows++;
                    List<Violation> violations = new ArrayList<>(0);
                    Object[] values = mapping.convert(record, violations, shown);
                    CheckedRow row = validator.typed(values, violations);
                    if (!row.valid()) {
                        invalid++;
                        if (examples.size() < BackupScan.MAX_EXAMPLES) {
                            examples.add(example(columns, rows, shown, row.violations()));
                        }
                        continue;
                    }
                    if (invalid > 0) {
                        continue; // the file is refused already: only counting now
                    }
                    for (int i = 0; i < values.length; i++) {
                        formatted[i] = Column.format(values[i]);
                        out.put(i, columns.get(i).type().toAvro(values[i]));
                    }
                    digest.add(formatted);
                    if (writer != null) {
                        writer.append(out);
                    }
                }
            } finally {
                if (writer != null) {
                    writer.close();
                }
            }
            // Avro's reader takes a file cut inside a block for a shorter file; the last block must end the file.
            long size = Files.size(upload);
            if (reader.previousSync() < size) {
                throw ImportRefusals.corrupt(table, rows, "the file ends inside a block, at byte " + size
                        + ": it was cut short");
            }
            if (invalid > 0) {
                throw ImportRefusals.badRows(table, invalid, rows, examples);
            }
            return new Checked(writerSchema, fileCodec, mapping, rows, counted == null ? 0 : counted.count(),
                    HexFormat.of().formatHex(sha256.digest()), digest.value());
        }
    }

    /** A writer of the table's own backup file into {@code out}, hashing what it writes. */
    private DataFileWriter<GenericRecord> open(Table table, Schema own, OutputStream out, MessageDigest sha256,
            String id, Instant createdAt) throws IOException {
        DataFileWriter<GenericRecord> writer = new DataFileWriter<>(new GenericDatumWriter<GenericRecord>(own));
        writer.setCodec(codec.factory());
        writer.setMeta(BackupWriter.META_TABLE, table.tableName());
        writer.setMeta(BackupWriter.META_CREATED_AT, createdAt.toString());
        writer.setMeta(BackupWriter.META_APP_VERSION, appVersion);
        writer.setMeta(BackupWriter.META_BACKUP_ID, id);
        // Closing the writer flushes through the counter, which leaves the upload's stream open for its commit.
        return writer.create(own, new BufferedOutputStream(new DigestOutputStream(out, sha256), BUFFER));
    }

    private static Map<String, Object> example(List<Column> columns, long row, String[] shown, List<Violation> errors) {
        ObjectNode values = JSON.objectNode();
        for (int i = 0; i < shown.length; i++) {
            values.put(columns.get(i).name(), shown[i]);
        }
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("row", row);
        example.put("values", values);
        example.put("errors", List.copyOf(errors));
        return example;
    }

    /** Like a backup's verify, references are judged when the backup is restored, against the live parents. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
