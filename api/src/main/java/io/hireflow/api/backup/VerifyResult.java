package io.hireflow.api.backup;

/**
 * A backup proved restorable without restoring it: checksum, every block, every row, count and digest.
 *
 * @param schemaResolved the file was written with an older, compatible schema and read through Avro schema resolution
 */
public record VerifyResult(String id, String table, boolean ok, long rows, String sha256, String contentDigest,
        String schemaFingerprint, boolean schemaResolved, double seconds) {
}
