package io.hireflow.api.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What is known about one backup, served by the API and kept as a JSON sidecar beside the .avro file.
 *
 * @param id timestamped id, unique per table (e.g. {@code 20261121T090455123Z-3f9a})
 * @param table the table backed up
 * @param rows rows in the file
 * @param bytes size of the .avro file
 * @param codec Avro block codec
 * @param sha256 SHA-256 of the .avro file, in hex (also in the {@code .sha256} sidecar)
 * @param schemaFingerprint SHA-256 of the writer schema's Parsing Canonical Form
 * @param createdAt when the snapshot was taken
 * @param file path of the .avro file relative to the backups folder
 * @param setId the backup set this belongs to, or {@code null} for a single-table backup
 * @param contentDigest order-independent digest of the rows' content ({@link ContentDigest})
 * @param appVersion the hireflow version that wrote it
 * @param origin for a backup imported from a file hireflow did not write: that file's schema and the mapping
 *     used; {@code null} otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupMetadata(String id, String table, long rows, long bytes, String codec, String sha256,
        String schemaFingerprint, Instant createdAt, String file, String setId, String contentDigest,
        String appVersion, ImportOrigin origin) {

    /** A backup hireflow took itself. */
    public BackupMetadata(String id, String table, long rows, long bytes, String codec, String sha256,
            String schemaFingerprint, Instant createdAt, String file, String setId, String contentDigest,
            String appVersion) {
        this(id, table, rows, bytes, codec, sha256, schemaFingerprint, createdAt, file, setId, contentDigest,
                appVersion, null);
    }
}
