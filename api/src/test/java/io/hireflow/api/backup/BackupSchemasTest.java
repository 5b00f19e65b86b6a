package io.hireflow.api.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Table;
import java.time.Instant;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The Avro schema follows from the dictionary, field for field. */
class BackupSchemasTest {

    @Test
    void everyTableGetsARecordNamedAfterItWithOneDocumentedFieldPerColumn() {
        for (Table table : Table.values()) {
            Schema schema = BackupSchemas.of(table);
            assertEquals(table.tableName(), schema.getName());
            assertEquals(BackupSchemas.NAMESPACE, schema.getNamespace());
            assertEquals(table.columns().size(), schema.getFields().size());
            for (int i = 0; i < table.columns().size(); i++) {
                Column column = table.columns().get(i);
                Schema.Field field = schema.getFields().get(i);
                assertEquals(column.name(), field.name());
                assertTrue(field.doc() != null && field.doc().contains("Rules: "), field.doc());
                Schema.Type expected = switch (column.type()) {
                    case INTEGER -> Schema.Type.INT;
                    case STRING -> Schema.Type.STRING;
                    case INSTANT -> Schema.Type.LONG;
                };
                assertEquals(expected, field.schema().getType(), column.name());
                if (column.type() == ColumnType.INSTANT) {
                    assertEquals(LogicalTypes.timestampMillis(), field.schema().getLogicalType());
                }
            }
        }
        assertTrue(BackupSchemas.of(Table.EMPLOYEES).getField("department_id").doc().contains("departments"));
    }

    @Test
    void fingerprintsDifferBetweenTablesAndAreStable() {
        assertEquals(BackupSchemas.fingerprint(BackupSchemas.of(Table.JOBS)),
                BackupSchemas.fingerprint(BackupSchemas.of(Table.JOBS)));
        assertNotEquals(BackupSchemas.fingerprint(BackupSchemas.of(Table.JOBS)),
                BackupSchemas.fingerprint(BackupSchemas.of(Table.DEPARTMENTS)));
    }

    @Test
    void codecSettingsParse() {
        assertEquals("zstandard", Codecs.parse("zstandard").name());
        assertEquals("zstandard", Codecs.parse("zstandard-9").name());
        assertEquals("deflate", Codecs.parse("deflate-6").name());
        assertEquals("null", Codecs.parse("null").name());
        assertNotNull(Codecs.parse("null").factory());
        assertNotNull(Codecs.parse("snappy").factory());
        assertEquals("snappy", Codecs.parse("Snappy").name());
        assertThrows(IllegalArgumentException.class, () -> Codecs.parse("lz4"));
    }

    @Test
    void contentDigestIsOrderIndependentAndSensitiveToEveryValue() {
        String[] a = { "1", "Ada", Column.format(Instant.parse("2021-07-27T16:02:08Z")), "1", "2" };
        String[] b = { "2", "Bo", Column.format(Instant.parse("2021-07-27T16:02:09Z")), "1", "2" };
        ContentDigest ab = new ContentDigest(Table.EMPLOYEES);
        ab.add(a);
        ab.add(b);
        ContentDigest ba = new ContentDigest(Table.EMPLOYEES);
        ba.add(b);
        ba.add(a);
        assertEquals(ab.value(), ba.value());
        ContentDigest changed = new ContentDigest(Table.EMPLOYEES);
        changed.add(a);
        changed.add(new String[] { "2", "Bo", Column.format(Instant.parse("2021-07-27T16:02:09Z")), "1", "3" });
        assertNotEquals(ab.value(), changed.value());
    }
}
