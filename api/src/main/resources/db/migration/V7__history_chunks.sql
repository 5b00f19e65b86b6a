-- Chunked, resumable history loads (io.hireflow.api.history). A file is loaded in chunks; each
-- chunk's rows, its rejects and its row here commit in one transaction, so after a crash the rows
-- here are exactly the chunks whose rows are in the table, and a new load of the same file (same
-- SHA-256) skips them. The rows of a file go when its manifest row is written (same transaction).
CREATE TABLE history_chunks (
    table_name       VARCHAR(64) NOT NULL,
    checksum         CHAR(64)    NOT NULL COMMENT 'SHA-256 of the whole file',
    start_offset     BIGINT      NOT NULL COMMENT 'byte offset of the chunk''s first record',
    end_offset       BIGINT      NOT NULL COMMENT 'byte offset after its last record',
    first_line       BIGINT      NOT NULL COMMENT 'line of its first record (1-based)',
    end_line         BIGINT      NOT NULL COMMENT 'first line after the chunk',
    chunk_crc        BIGINT      NOT NULL COMMENT 'CRC-32C of the chunk''s bytes',
    rows_read        BIGINT      NOT NULL,
    rows_inserted    BIGINT      NOT NULL,
    rows_rejected    BIGINT      NOT NULL,
    rejected_by_rule TEXT        NULL,
    load_id          VARCHAR(36) NOT NULL,
    committed_at     DATETIME(3) NOT NULL,
    PRIMARY KEY (table_name, checksum, start_offset)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Secondary indexes a load dropped to build them once at its end. Written before the DROP, deleted
-- after the rebuild: whatever is left here after a crash is rebuilt by the next load or API start.
CREATE TABLE history_deferred_indexes (
    table_name VARCHAR(64)  NOT NULL,
    index_name VARCHAR(64)  NOT NULL,
    definition VARCHAR(1000) NOT NULL COMMENT 'the ADD INDEX clause that rebuilds it',
    load_id    VARCHAR(36)  NOT NULL,
    dropped_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (table_name, index_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- What the status needs for rows to go and an ETA, and to say that a load resumed.
ALTER TABLE history_load_tables
    ADD COLUMN file_bytes        BIGINT NULL COMMENT 'size of the file',
    ADD COLUMN bytes_done        BIGINT NOT NULL DEFAULT 0 COMMENT 'bytes of the file committed (or checked)',
    ADD COLUMN rows_this_run     BIGINT NOT NULL DEFAULT 0 COMMENT 'rows read by this load, not before its resume',
    ADD COLUMN resumed_from_line BIGINT NULL COMMENT 'first line this load read, when it resumed an interrupted one';
