-- Exclusive, expiring claims (io.hireflow.api.database.Leases): a restore's swap, a history load, a
-- scheduled backup. One row per name, taken by a conditional UPDATE, so every API replica and every
-- database node agrees on the holder. GET_LOCK would not (it is node-local on Galera), and an
-- in-process lock sees one replica only. Times are the database's own clock (NOW(3), UTC sessions).
CREATE TABLE leases (
    name        VARCHAR(64)  NOT NULL,
    owner       VARCHAR(100) NULL COMMENT 'replica and a random part; NULL when free',
    purpose     VARCHAR(255) NULL COMMENT 'what the holder is doing, for the busy message',
    acquired_at DATETIME(3)  NULL,
    expires_at  DATETIME(3)  NULL,
    PRIMARY KEY (name)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The rows writers read with a shared lock exist from the start, so that a batch's shared lock always
-- lands on a row (not a gap) and an acquirer's UPDATE waits for the batches in flight.
INSERT INTO leases (name) VALUES ('table.departments'), ('table.jobs'), ('table.employees'), ('history-load');
