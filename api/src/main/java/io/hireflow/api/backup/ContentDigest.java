package io.hireflow.api.backup;

import io.hireflow.api.dictionary.Column;
import io.hireflow.api.dictionary.Table;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javax.sql.DataSource;

/**
 * An order-independent digest of a table's content: the sum, modulo 2^64, of the first 8 bytes of
 * the SHA-256 of each row's canonical text (values as {@link Column#format} writes them, joined by
 * U+001F). The database computes the same sum in SQL, so a restored table is checked without
 * streaming it back into the JVM. Ids are unique, so no two rows cancel or repeat.
 */
public final class ContentDigest {

    private static final char SEPARATOR = '\u001f';

    private final MessageDigest sha256;
    private final StringBuilder text = new StringBuilder(128);
    private long sum;
    private long rows;

    public ContentDigest() {
        sha256 = BackupWriter.sha256();
    }

    /** Adds one row; {@code formatted} holds each value as {@link Column#format} writes it. */
    public void add(String[] formatted) {
        text.setLength(0);
        for (int i = 0; i < formatted.length; i++) {
            if (i > 0) {
                text.append(SEPARATOR);
            }
            text.append(formatted[i]);
        }
        byte[] hash = sha256.digest(text.toString().getBytes(StandardCharsets.UTF_8));
        long head = 0;
        for (int i = 0; i < 8; i++) {
            head = (head << 8) | (hash[i] & 0xff);
        }
        sum += head; // wraps: the sum is modulo 2^64 by design
        rows++;
    }

    public long rows() {
        return rows;
    }

    public String value() {
        return hex(sum);
    }

    /**
     * The digest of a table read in two halves by id, each on its own connection: the database hashes
     * the rows on both cores. The halves' sums add up to the whole's (modulo 2^64).
     */
    public static String ofTable(DataSource dataSource, Table table, String sqlTableName, Executor executor)
            throws SQLException {
        String id = table.idColumn().name();
        long middle;
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MIN(" + id + "), MAX(" + id + ") FROM " + sqlTableName)) {
            rs.next();
            middle = rs.getLong(1) + (rs.getLong(2) - rs.getLong(1)) / 2;
        }
        CompletableFuture<Long> upper = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return sumOf(connection, table, sqlTableName, id + " > " + middle);
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, executor);
        long lower;
        try (Connection connection = dataSource.getConnection()) {
            lower = sumOf(connection, table, sqlTableName, id + " <= " + middle);
        }
        try {
            return hex(lower + upper.join()); // wraps: modulo 2^64, like the sum itself
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
    }

    private static long sumOf(Connection connection, Table table, String sqlTableName, String where)
            throws SQLException {
        String values = BackupWriter.canonicalColumns(table);
        String rowHash = "CAST(CONV(LEFT(SHA2(CONCAT_WS(CHAR(31 USING utf8mb4), " + values
                + "), 256), 16), 16, 10) AS UNSIGNED)";
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT CAST(COALESCE(SUM(" + rowHash + "), 0) AS CHAR) FROM "
                        + sqlTableName + " WHERE " + where)) {
            rs.next();
            return new BigInteger(rs.getString(1)).longValue();
        }
    }

    private static String hex(long value) {
        return String.format("%016x", value);
    }
}
