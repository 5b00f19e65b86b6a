-- The user HAProxy's node check logs in as: no password, no privilege (it reads only global status).
CREATE USER IF NOT EXISTS 'check'@'%';
