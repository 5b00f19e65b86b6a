-- Idempotent batches (issue #11): an Idempotency-Key and the first answer given for it, written in the
-- same transaction as the batch's rows and rejects, so a repeat of the request replays that answer and
-- writes nothing. The key is the primary key: two concurrent requests with one key queue on it.
CREATE TABLE idempotency_keys (
    idempotency_key VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    fingerprint     CHAR(64)     NOT NULL COMMENT 'SHA-256 of method, path, query, media type and body',
    table_name      VARCHAR(64)  NOT NULL,
    status          SMALLINT     NULL COMMENT 'HTTP status of the first answer',
    answer          MEDIUMTEXT   NULL COMMENT 'JSON body of the first answer',
    created_at      DATETIME(3)  NOT NULL,
    expires_at      DATETIME(3)  NOT NULL,
    PRIMARY KEY (idempotency_key),
    KEY idempotency_keys_expiry (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per table whose rejects are written: a writer of rejects locks its table's row until it
-- commits, so rejected_rows ids of one table commit in id order and the JSON-lines export, which
-- follows the table by id, never passes an id that commits later.
CREATE TABLE rejects_order (
    table_name VARCHAR(64) NOT NULL,
    PRIMARY KEY (table_name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

INSERT INTO rejects_order (table_name) VALUES ('departments'), ('jobs'), ('employees');
