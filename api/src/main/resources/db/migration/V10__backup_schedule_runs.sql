-- One row per tick of the backup schedule (io.hireflow.api.backup.schedule). The tick (the cron fire time,
-- UTC, to the second) is the primary key: every API replica fires the same tick, and only the first to
-- insert its row runs the backup; the others' inserts fail and they skip. The scheduled-backup lease keeps
-- two runs from overlapping; this key keeps one tick from running twice, one replica after the other.
CREATE TABLE backup_schedule_runs (
    tick        DATETIME     NOT NULL COMMENT 'the planned fire time, UTC, whole seconds',
    replica     VARCHAR(100) NOT NULL COMMENT 'the API process that ran it (api@host:pid)',
    started_at  DATETIME(3)  NOT NULL,
    finished_at DATETIME(3)  NULL,
    outcome     VARCHAR(16)  NOT NULL COMMENT 'RUNNING, then SUCCEEDED or FAILED',
    set_id      VARCHAR(64)  NULL COMMENT 'the backup set written, when SUCCEEDED',
    message     VARCHAR(1000) NULL COMMENT 'what went wrong and what to do, when FAILED',
    PRIMARY KEY (tick)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
