-- A history load and its progress, one row per table; kept in the database so any replica answers.
CREATE TABLE history_loads (
    load_id      VARCHAR(36) NOT NULL,
    status       VARCHAR(16) NOT NULL,
    dry_run      BOOLEAN     NOT NULL,
    options_json TEXT        NOT NULL,
    created_at   DATETIME(3) NOT NULL,
    heartbeat_at DATETIME(3) NOT NULL,
    finished_at  DATETIME(3) NULL,
    PRIMARY KEY (load_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

CREATE TABLE history_load_tables (
    load_id          VARCHAR(36)  NOT NULL,
    position         INT          NOT NULL,
    table_name       VARCHAR(64)  NOT NULL,
    file_name        VARCHAR(255) NULL,
    checksum         CHAR(64)     NULL,
    status           VARCHAR(16)  NOT NULL,
    rows_read        BIGINT       NOT NULL DEFAULT 0,
    rows_inserted    BIGINT       NOT NULL DEFAULT 0,
    rows_rejected    BIGINT       NOT NULL DEFAULT 0,
    rejected_by_rule TEXT         NULL,
    seconds          DOUBLE       NULL,
    message          TEXT         NULL,
    PRIMARY KEY (load_id, position)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The manifest: one row per file whose rows are in the table. It is written in the same
-- transaction as the rows, so a file is either loaded and listed here, or neither.
CREATE TABLE history_manifest (
    table_name    VARCHAR(64)  NOT NULL,
    checksum      CHAR(64)     NOT NULL,
    file_name     VARCHAR(255) NOT NULL,
    rows_read     BIGINT       NOT NULL,
    rows_loaded   BIGINT       NOT NULL,
    rows_rejected BIGINT       NOT NULL,
    load_id       VARCHAR(36)  NOT NULL,
    loaded_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (table_name, checksum)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
