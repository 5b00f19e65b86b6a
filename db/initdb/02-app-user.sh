#!/bin/bash
# Creates the API's least-privilege user `hireflow`, whose password is read from the compose secret
# named by HIREFLOW_DB_PASSWORD_FILE. Sourced (not executed) by the official entrypoint, which
# provides docker_process_sql; plain SQL cannot read a secret file.
#
# Privileges, each for a reason, all on the hireflow schema only:
#   SELECT, INSERT, UPDATE, DELETE   rows, batches, history loads (LOAD DATA LOCAL needs only INSERT)
#   CREATE, ALTER, DROP, INDEX       Flyway migrations; restores create a staging table, RENAME
#                                    TABLE it in (ALTER + DROP on the old, CREATE + INSERT on the new)
#                                    and drop the old copy
#   CREATE TEMPORARY TABLES          scratch tables for restore checks and reports
#   LOCK TABLES                      consistent all-table backups
# Not granted: FILE (LOCAL INFILE does not need it), SUPER, GRANT OPTION, any other schema.
# GET_LOCK (per-table named locks, Flyway's migration lock) needs no privilege.

hireflow_db_password_file="${HIREFLOW_DB_PASSWORD_FILE:-/run/secrets/db_app_password}"
if [ ! -s "$hireflow_db_password_file" ]; then
    echo >&2 "hireflow: no application password in $hireflow_db_password_file; set HIREFLOW_DB_PASSWORD_FILE"
    exit 1
fi
hireflow_db_password="$(tr -d '\r\n' < "$hireflow_db_password_file")"
# Double single quotes so any password is a valid SQL string literal.
hireflow_db_password="${hireflow_db_password//\'/\'\'}"

docker_process_sql --database=mysql <<SQL
CREATE USER IF NOT EXISTS 'hireflow'@'%' IDENTIFIED BY '${hireflow_db_password}';
GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, DROP, INDEX,
      CREATE TEMPORARY TABLES, LOCK TABLES
   ON hireflow.* TO 'hireflow'@'%';
SQL
unset hireflow_db_password hireflow_db_password_file
echo "hireflow: application user 'hireflow' created with privileges on hireflow.* only"
