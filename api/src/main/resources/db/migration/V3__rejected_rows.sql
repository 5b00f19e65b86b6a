-- Every rejected row, queryable newest first per table (the JSON-lines files hold the same).
CREATE TABLE rejected_rows (
    reject_id   BIGINT       NOT NULL AUTO_INCREMENT,
    table_name  VARCHAR(64)  NOT NULL,
    rejected_at DATETIME(3)  NOT NULL,
    source      VARCHAR(16)  NOT NULL COMMENT 'history or batch',
    origin      VARCHAR(255) NOT NULL COMMENT 'file name, or request id',
    position    BIGINT       NOT NULL COMMENT 'line in the file, or index in the batch',
    row_json    TEXT         NOT NULL,
    errors_json TEXT         NOT NULL,
    PRIMARY KEY (reject_id),
    KEY rejected_rows_table (table_name, reject_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
