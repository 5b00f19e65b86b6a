package io.hireflow.api.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.hireflow.api.database.DateTimes;
import io.hireflow.api.dictionary.Table;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which history files are in the tables (the manifest, one row per whole file) and which chunks of
 * an unfinished file are (history_chunks). Both are written on the loader's connection, in the
 * transaction of the rows they describe.
 */
@ApplicationScoped
class LoadedFiles {

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    LoadedFiles(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** A chunk whose rows are committed. */
    record Chunk(long startOffset, long endOffset, long firstLine, long endLine, long crc, long rowsRead,
            long rowsInserted, long rowsRejected, Map<String, Long> rejectedByRule, String loadId) {
    }

    /** The file a load left unfinished in a table. */
    record Unfinished(String checksum, String loadId, long chunks, long endLine, Instant lastCommit) {
    }

    /** "load … at …" when this file (by checksum) is wholly in the table. */
    Optional<String> manifestEntry(Table table, String checksum) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT load_id, loaded_at FROM history_manifest "
                        + "WHERE table_name = ? AND checksum = ?")) {
            select.setString(1, table.tableName());
            select.setString(2, checksum);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next()
                        ? Optional.of("load " + rs.getString(1) + " at " + rs.getTimestamp(2).toInstant())
                        : Optional.empty();
            }
        }
    }

    /** The files of a table with committed chunks but no manifest row: loads that were interrupted. */
    List<Unfinished> unfinished(Table table) throws SQLException {
        List<Unfinished> files = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT checksum, MAX(load_id), COUNT(*), "
                        + "MAX(end_line), MAX(committed_at) FROM history_chunks WHERE table_name = ? "
                        + "GROUP BY checksum ORDER BY MAX(committed_at) DESC")) {
            select.setString(1, table.tableName());
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    files.add(new Unfinished(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
        }
        return files;
    }

    /** The committed chunks of a file, in file order. */
    List<Chunk> chunks(Table table, String checksum) throws SQLException {
        List<Chunk> chunks = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT start_offset, end_offset, first_line, "
                        + "end_line, chunk_crc, rows_read, rows_inserted, rows_rejected, rejected_by_rule, load_id "
                        + "FROM history_chunks WHERE table_name = ? AND checksum = ? ORDER BY start_offset")) {
            select.setString(1, table.tableName());
            select.setString(2, checksum);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    chunks.add(new Chunk(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6), rs.getLong(7), rs.getLong(8), LoadStore.byRule(json, rs.getString(9)), rs.getString(10)));
                }
            }
        }
        return chunks;
    }

    /** Records a chunk in the caller's transaction, the one that inserts its rows and rejects. */
    void recordChunk(Connection c, Table table, String checksum, String loadId, ChunkChecker.CheckedChunk checked)
            throws SQLException {
        FileChunk chunk = checked.chunk();
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO history_chunks (table_name, checksum, "
                + "start_offset, end_offset, first_line, end_line, chunk_crc, rows_read, rows_inserted, "
                + "rows_rejected, rejected_by_rule, load_id, committed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, table.tableName());
            insert.setString(2, checksum);
            insert.setLong(3, chunk.startOffset());
            insert.setLong(4, chunk.endOffset());
            insert.setLong(5, chunk.firstLine());
            insert.setLong(6, chunk.endLine());
            insert.setLong(7, chunk.crc());
            insert.setLong(8, checked.rowsRead());
            insert.setLong(9, checked.rowsInserted());
            insert.setLong(10, checked.rowsRejected());
            insert.setString(11, json.writeValueAsString(checked.rejectedByRule()));
            insert.setString(12, loadId);
            DateTimes.bind(insert, 13, Instant.now());
            insert.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Lists the whole file in the manifest and forgets its chunks, in one transaction of its own: from
     * then on the file is skipped, never resumed.
     */
    void recordFile(String loadId, TableProgress p) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO history_manifest (table_name, "
                    + "checksum, file_name, rows_read, rows_loaded, rows_rejected, load_id, loaded_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement forget = c.prepareStatement(
                            "DELETE FROM history_chunks WHERE table_name = ? AND checksum = ?")) {
                insert.setString(1, p.table.tableName());
                insert.setString(2, p.checksum);
                insert.setString(3, p.file);
                insert.setLong(4, p.rowsRead);
                insert.setLong(5, p.rowsInserted);
                insert.setLong(6, p.rowsRejected);
                insert.setString(7, loadId);
                DateTimes.bind(insert, 8, Instant.now());
                insert.executeUpdate();
                forget.setString(1, p.table.tableName());
                forget.setString(2, p.checksum);
                forget.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}
