#!/bin/bash
# docker_process_sql takes the caller's extra mysql flags (initdb scripts pass --database=...); the initdb
# scripts sourced are those of the image built on this one.
# shellcheck disable=SC2120,SC2119,SC1090
# Entrypoint of the stand-in MySQL image (docker/offline-images.sh): the contract of the official
# image's entrypoint, for Debian's mysql-server package.
#   MYSQL_ROOT_PASSWORD[_FILE] (or MYSQL_ALLOW_EMPTY_PASSWORD / MYSQL_RANDOM_ROOT_PASSWORD), MYSQL_ROOT_HOST (%),
#   MYSQL_DATABASE, MYSQL_USER, MYSQL_PASSWORD[_FILE]; on an empty data directory it initialises the
#   server, then runs /docker-entrypoint-initdb.d/*.sh (sourced, with docker_process_sql), *.sql, *.sql.gz.
#   Settings in /etc/mysql/conf.d/*.cnf. Logs go to stderr.
set -eo pipefail

mysql_note() { echo "$(date -u +%FT%TZ) [Note] [Entrypoint]: $*"; }
mysql_error() {
    echo "$(date -u +%FT%TZ) [ERROR] [Entrypoint]: $*" >&2
    exit 1
}

# VAR from VAR or from the file named by VAR_FILE (not both).
file_env() {
    local var="$1" file_var="${1}_FILE" default="${2:-}"
    if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
        mysql_error "both $var and $file_var are set (but are exclusive)"
    fi
    local value="$default"
    if [ -n "${!var:-}" ]; then
        value="${!var}"
    elif [ -n "${!file_var:-}" ]; then
        [ -r "${!file_var}" ] || mysql_error "$file_var points at ${!file_var}, which is not readable"
        value="$(<"${!file_var}")"
        [ -n "$value" ] || mysql_error "$file_var points at ${!file_var}, which is empty"
    fi
    export "$var"="$value"
    unset "$file_var"
}

SOCKET=/run/mysqld/mysqld.sock

docker_process_sql() {
    local db_flag=()
    if [ -n "$MYSQL_DATABASE" ]; then db_flag=(--database="$MYSQL_DATABASE"); fi
    MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=socket -uroot -hlocalhost --socket="$SOCKET" \
        --comments "${db_flag[@]}" "$@"
}

docker_process_init_files() {
    local f
    for f in "$@"; do
        case "$f" in
            *.sh) mysql_note "$0: sourcing $f"; . "$f" ;;
            *.sql) mysql_note "$0: running $f"; docker_process_sql <"$f" ;;
            *.sql.gz) mysql_note "$0: running $f"; gunzip -c "$f" | docker_process_sql ;;
            *) mysql_note "$0: ignoring $f" ;;
        esac
    done
}

init_database() {
    file_env MYSQL_ROOT_PASSWORD
    file_env MYSQL_PASSWORD
    file_env MYSQL_USER
    file_env MYSQL_DATABASE
    : "${MYSQL_ROOT_HOST:=%}"
    if [ -z "$MYSQL_ROOT_PASSWORD" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ] && [ -z "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
        mysql_error "the database is uninitialized and no root password is given: set MYSQL_ROOT_PASSWORD(_FILE), MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD"
    fi
    if [ -n "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
        MYSQL_ROOT_PASSWORD="$(head -c 18 /dev/urandom | base64)"
        mysql_note "GENERATED ROOT PASSWORD: $MYSQL_ROOT_PASSWORD"
    fi
    mysql_note "initializing the data directory"
    "$@" --initialize-insecure --user=mysql
    mysql_note "starting a temporary server (no network)"
    "$@" --user=mysql --skip-networking --socket="$SOCKET" &
    local pid=$!
    for _ in $(seq 60); do
        if mysqladmin --socket="$SOCKET" -uroot ping --silent >/dev/null 2>&1; then break; fi
        kill -0 "$pid" 2>/dev/null || mysql_error "the temporary server stopped"
        sleep 1
    done
    local root_password="${MYSQL_ROOT_PASSWORD//\'/\'\'}"
    local root_sql="ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_password';"
    if [ "$MYSQL_ROOT_HOST" != localhost ]; then
        root_sql+="CREATE USER 'root'@'$MYSQL_ROOT_HOST' IDENTIFIED BY '$root_password';"
        root_sql+="GRANT ALL ON *.* TO 'root'@'$MYSQL_ROOT_HOST' WITH GRANT OPTION;"
    fi
    MYSQL_PWD='' mysql --protocol=socket -uroot --socket="$SOCKET" <<<"SET @@SESSION.SQL_LOG_BIN=0; $root_sql"
    local database="$MYSQL_DATABASE"
    MYSQL_DATABASE=
    if [ -n "$database" ]; then
        docker_process_sql <<<"CREATE DATABASE IF NOT EXISTS \`$database\`;"
    fi
    if [ -n "$MYSQL_USER" ] && [ -n "$MYSQL_PASSWORD" ]; then
        docker_process_sql <<<"CREATE USER '$MYSQL_USER'@'%' IDENTIFIED BY '${MYSQL_PASSWORD//\'/\'\'}';"
        if [ -n "$database" ]; then
            docker_process_sql <<<"GRANT ALL ON \`${database//_/\\_}\`.* TO '$MYSQL_USER'@'%';"
        fi
    fi
    MYSQL_DATABASE="$database"
    docker_process_init_files /docker-entrypoint-initdb.d/*
    mysql_note "stopping the temporary server"
    MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysqladmin --socket="$SOCKET" -uroot shutdown
    wait "$pid" || true
    mysql_note "initialization done; starting the server"
}

if [ "${1:0:1}" = - ]; then set -- mysqld "$@"; fi
if [ "$1" = mysqld ]; then
    mkdir -p /run/mysqld /var/lib/mysql
    chown mysql:mysql /run/mysqld /var/lib/mysql
    datadir="$("$@" --verbose --help 2>/dev/null | awk '$1 == "datadir" { print $2; exit }')"
    if [ ! -d "${datadir:-/var/lib/mysql/}mysql" ]; then
        init_database "$@"
    fi
    # Secrets stay out of the server's environment.
    unset MYSQL_ROOT_PASSWORD MYSQL_PASSWORD
    exec "$@" --user=mysql
fi
exec "$@"
