-- One collation for every table: utf8mb4_unicode_ci, the one both MariaDB (10.6+) and MySQL (8, 9) know.
-- V2, V5, V6 (rejects_order) and V7 took the server's default, which is utf8mb4_0900_ai_ci on MySQL 8+
-- and utf8mb4_uca1400_ai_ci on MariaDB 11.4+: comparisons and joins across tables then depended on the server.
-- Columns with an explicit character set (idempotency_keys.idempotency_key, ascii_bin) are in none of these tables.
ALTER TABLE history_loads CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE history_load_tables CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE history_manifest CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE leases CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE rejects_order CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE history_chunks CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
ALTER TABLE history_deferred_indexes CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
