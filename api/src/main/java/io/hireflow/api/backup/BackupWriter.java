package io.hireflow.api.backup;

import io.hireflow.api.database.TableRows;
import io.hireflow.api.dictionary.Table;
import io.hireflow.api.digest.Sha256;
import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;

/**
 * Streams one table's rows from a JDBC result into an Avro object container file (an upload not yet
 * visible), computing its SHA-256 and content digest on the way; a few batches of rows in memory at a time.
 */
public final class BackupWriter {

    /** Keys of the file's own metadata, readable by any Avro tool ({@code avro-tools getmeta}). */
    static final String META_TABLE = "hireflow.table";
    static final String META_ROWS = "hireflow.rows";
    static final String META_CREATED_AT = "hireflow.created-at";
    static final String META_APP_VERSION = "hireflow.app-version";
    static final String META_BACKUP_ID = "hireflow.backup-id";
    static final String META_SET_ID = "hireflow.set-id";

    private final Table table;
    private final Schema schema;
    private final CodecFactory codec;
    private final String codecName;

    public BackupWriter(Table table, Codecs.Codec codec) {
        this.table = table;
        this.schema = BackupSchemas.of(table);
        this.codec = codec.factory();
        this.codecName = codec.name();
    }

    /** The result of writing the temporary file; nothing is under a final name yet. */
    public record Written(long rows, long bytes, String sha256, String contentDigest, String codec,
            String schemaFingerprint) {
    }

    /** Streams {@code rows} into a file (see {@link #write(ResultSet, OutputStream, long, String, String, Instant, String)}). */
    public Written write(ResultSet rows, Path file, long expectedRows, String id, String setId, Instant createdAt,
            String appVersion) throws IOException, SQLException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = new FileOutputStream(file.toFile())) {
            return write(rows, out, expectedRows, id, setId, createdAt, appVersion);
        }
    }

    /**
     * Streams {@code rows} (from {@link TableRows#streamInIdOrder}) into {@code out} (an upload not yet committed): this thread
     * only reads the rows' raw values, a second one encodes, compresses and writes them, a batch at a time.
     * Leaves {@code out} open: committing or aborting it is the caller's.
     */
    public Written write(ResultSet rows, OutputStream out, long expectedRows, String id, String setId,
            Instant createdAt, String appVersion) throws IOException, SQLException {
        MessageDigest sha256 = Sha256.newDigest();
        ContentDigest content = new ContentDigest(table);
        Counting file = new Counting(out);
        DataFileWriter<byte[][]> writer = new DataFileWriter<>(new RawRowWriter(table, content));
        try (writer) { // closing the writer flushes it into the counting stream, which never closes `out`
            writer.setCodec(codec);
            writer.setMeta(META_TABLE, table.tableName());
            writer.setMeta(META_ROWS, expectedRows);
            writer.setMeta(META_CREATED_AT, createdAt.toString());
            writer.setMeta(META_APP_VERSION, appVersion);
            writer.setMeta(META_BACKUP_ID, id);
            if (setId != null) {
                writer.setMeta(META_SET_ID, setId);
            }
            writer.create(schema, new BufferedOutputStream(new DigestOutputStream(file, sha256), 1 << 16));
            append(rows, writer);
        }
        if (content.rows() != expectedRows) {
            // Cannot happen inside one snapshot; if it does, the file must not pass for a backup.
            throw new IllegalStateException("counted " + expectedRows + " rows of " + table + " but read "
                    + content.rows());
        }
        return new Written(content.rows(), file.count, HexFormat.of().formatHex(sha256.digest()),
                content.value(), codecName, BackupSchemas.fingerprint(schema));
    }

    /** Hands the rows to a {@link RowsAppender}, a batch at a time; returns when all are in the file. */
    private void append(ResultSet rows, DataFileWriter<byte[][]> writer) throws IOException, SQLException {
        int columns = table.columns().size();
        try (RowsAppender appender = new RowsAppender(writer, "backup-" + table.tableName())) {
            byte[][][] batch = new byte[RowsAppender.BATCH][][];
            int size = 0;
            while (rows.next()) {
                byte[][] row = new byte[columns][];
                for (int i = 0; i < columns; i++) {
                    row[i] = rows.getBytes(i + 1); // the value's text as sent: RawRowWriter parses it
                }
                batch[size++] = row;
                if (size == batch.length) {
                    appender.append(batch);
                    batch = new byte[RowsAppender.BATCH][][];
                    size = 0;
                }
            }
            appender.append(batch);
            appender.finish();
        }
    }

    /** Counts bytes; closing it flushes but leaves the destination open (an upload commits or aborts it). */
    /** Counts what goes through; closing it only flushes (the stream under it is an upload's, not ours to close). */
    static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }

        long count() {
            return count;
        }
    }
}
