package io.hireflow.api.backup;

import java.util.List;

/**
 * Where an imported backup came from: the file as it was sent (its record, schema, codec, size and SHA-256) and
 * how its fields were mapped onto the table's columns. The backup itself is rewritten in hireflow's own schema.
 *
 * @param schemaName the file's record name with its namespace, e.g. {@code com.example.spark.employees}
 * @param schema the file's writer schema as JSON
 * @param schemaFingerprint SHA-256 of that schema's Parsing Canonical Form
 * @param codec the file's Avro codec
 * @param bytes the size of the file as sent
 * @param sha256 SHA-256 of the file as sent
 * @param mapping for each column, the field it was read from and the conversion applied
 * @param ignoredFields fields of the file that are not columns of the table
 */
public record ImportOrigin(String schemaName, String schema, String schemaFingerprint, String codec, long bytes,
        String sha256, List<AvroFieldMapping.FieldMapping> mapping, List<String> ignoredFields) {
}
