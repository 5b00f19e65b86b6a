package io.hireflow.api.backup;

import io.hireflow.api.database.TableRows;
import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.ColumnType;
import io.hireflow.api.dictionary.Table;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.zip.CRC32;

/**
 * An order-independent digest of a table's content: the sum, modulo 2^64, of the CRC-32 of each
 * row's canonical text, i.e. its values as the database writes them as text ({@code DATETIME} as
 * {@code 2021-07-27 16:02:08}) joined by U+001F. The database computes the same sum in one cheap SQL
 * aggregate, so a restored table is checked without streaming it back into the JVM.
 *
 * <p>It is a checksum, not a cryptographic hash: the file's SHA-256 guards the file against damage
 * and tampering; this digest proves that the rows in the table are the rows of the file (none lost,
 * added or altered on the way). A SHA-256 per row cost more than streaming the table itself.
 */
public final class ContentDigest {

    private static final int SEPARATOR = 0x1f;

    private final ColumnType[] types;
    private final CRC32 crc = new CRC32();
    private long sum;
    private long rows;

    public ContentDigest(Table table) {
        types = table.columns().stream().map(Column::type).toArray(ColumnType[]::new);
    }

    /** Adds one row; {@code formatted} holds each value as {@link Column#format} writes it. */
    public void add(String[] formatted) {
        crc.reset();
        for (int i = 0; i < formatted.length; i++) {
            if (i > 0) {
                crc.update(SEPARATOR);
            }
            crc.update(types[i].digestText(formatted[i]).getBytes(StandardCharsets.UTF_8));
        }
        addRow();
    }

    /** Adds one row given each value's text as the database writes it, in UTF-8. */
    public void add(byte[][] values) {
        crc.reset();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                crc.update(SEPARATOR);
            }
            crc.update(values[i]);
        }
        addRow();
    }

    private void addRow() {
        sum += crc.getValue(); // wraps: the sum is modulo 2^64 by design
        rows++;
    }

    public long rows() {
        return rows;
    }

    public String value() {
        return hex(sum);
    }

    /**
     * The digest of a table as the given connection sees it; the database hashes the rows, only the sum
     * comes back. One connection on purpose: a check after a swap must read what the swap's connection
     * wrote (see RestoreService), not what another node of a cluster has applied so far.
     */
    public static String ofTable(Connection connection, Table table) throws SQLException {
        return hex(TableRows.rowChecksumSum(connection, table));
    }

    private static String hex(long value) {
        return String.format("%016x", value);
    }
}
