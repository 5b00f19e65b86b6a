#!/usr/bin/env bash
# A hireflow cluster on loopback, from Debian packages, for the kill tests and for trying things:
# three MariaDB Galera nodes, HAProxy as single-writer SQL proxy (no fail-back), two API replicas
# behind an HAProxy HTTP load balancer. See docs/cluster.md.
#
#   cluster.sh start | stop | status | clean | writer | kill-writer
#              kill-node N | start-node N | kill-api N | start-api N | balance 1|2 | env
#
# Needs: mariadb-server 10.11+, galera-4, mariadb-backup, haproxy, socat, a JDK 17 and the packaged API
# (./mvnw -B -o -q package -DskipTests -pl client,api). Everything lives under HIREFLOW_CLUSTER_DIR
# (default target/cluster); every process started is recorded there and `stop` ends exactly those.
# Ports: HIREFLOW_CLUSTER_PORT (18200) and the next 52: +0 API load balancer, +1 SQL writer proxy,
# +2 HAProxy stats, +11..13 node SQL, +21..23 Galera, +31..33 IST, +41..43 SST, +51..52 API replicas.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="${HIREFLOW_CLUSTER_DIR:-$ROOT/target/cluster}"
BASE="${HIREFLOW_CLUSTER_PORT:-18200}"
API_JAR="${HIREFLOW_API_JAR:-$ROOT/api/target/quarkus-app/quarkus-run.jar}"
GALERA="${HIREFLOW_GALERA_PROVIDER:-/usr/lib/galera/libgalera_smm.so}"
CHECK="$ROOT/docker/cluster/galera-check.sh"
LB_PORT=$((BASE)) SQL_PORT=$((BASE + 1)) STATS_PORT=$((BASE + 2))
NODES=(1 2 3) APIS=(1 2)

say() { printf 'cluster: %s\n' "$*"; }
die() {
    printf 'cluster: %s\n' "$*" >&2
    exit 1
}

node_port() { echo $((BASE + 10 + $1)); }
node_dir() { echo "$STATE/node$1"; }
api_port() { echo $((BASE + 50 + $1)); }

# ------------------------------------------------------------------ pids: ours only, by recorded id
alive() { # pidfile
    [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null
}

stop_pid() { # pidfile signal
    local file="$1" signal="${2:-TERM}" pid waited=0
    alive "$file" || {
        rm -f "$file"
        return 0
    }
    pid="$(cat "$file")"
    kill -s "$signal" "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && ((waited < 60)); do
        sleep 0.5
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -s KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$file"
}

port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

wait_for() { # seconds what command...
    local seconds="$1" what="$2" waited=0
    shift 2
    until "$@" >/dev/null 2>&1; do
        ((waited < seconds * 2)) || return 1
        sleep 0.5
        waited=$((waited + 1))
    done
    [[ -z "$what" ]] || say "$what"
}

sql() { # node sql... (as root over the node's own socket)
    local n="$1"
    shift
    mariadb --no-defaults -S "$(node_dir "$n")/mysqld.sock" -u root -N -B -e "$*"
}

password() { cat "$STATE/secrets/db.password"; }

# ------------------------------------------------------------------ Galera nodes
node_config() {
    local n="$1" dir peers="" i
    dir="$(node_dir "$n")"
    for i in "${NODES[@]}"; do peers+="${peers:+,}127.0.0.1:$((BASE + 20 + i))"; done
    cat >"$dir/my.cnf" <<EOF
[mariadbd]
user=root
datadir=$dir/data
tmpdir=$dir/tmp
socket=$dir/mysqld.sock
pid-file=$dir/mariadbd.pid
log-error=$dir/error.log
port=$(node_port "$n")
bind-address=127.0.0.1
skip-name-resolve
skip-ssl
local-infile=1
max_allowed_packet=64M
character-set-server=utf8mb4
collation-server=utf8mb4_unicode_ci
innodb_buffer_pool_size=128M
innodb_log_file_size=64M
innodb_flush_log_at_trx_commit=2
innodb_autoinc_lock_mode=2
binlog_format=ROW
default_storage_engine=InnoDB
wsrep_on=ON
wsrep_provider=$GALERA
wsrep_cluster_name=hireflow
wsrep_cluster_address=gcomm://$peers
wsrep_node_name=node$n
wsrep_node_address=127.0.0.1:$((BASE + 20 + n))
wsrep_provider_options="gmcast.listen_addr=tcp://127.0.0.1:$((BASE + 20 + n));ist.recv_addr=127.0.0.1:$((BASE + 30 + n));gcache.size=256M"
# rsync state transfer fails as root (its daemon drops to nobody): mariabackup, streamed with socat.
wsrep_sst_method=mariabackup
wsrep_sst_auth=root:
wsrep_sst_receive_address=127.0.0.1:$((BASE + 40 + n))
EOF
}

node_start() { # n [--wsrep-new-cluster]
    local n="$1" dir
    shift
    dir="$(node_dir "$n")"
    alive "$dir/pid" && {
        say "node$n already runs (pid $(cat "$dir/pid"))"
        return 0
    }
    port_free "$(node_port "$n")" || die "port $(node_port "$n") is taken by a process this script did not start"
    mkdir -p "$dir/data" "$dir/tmp"
    node_config "$n"
    # setsid: a kill of this shell (or the test's JVM) does not take the node with it.
    setsid nohup /usr/sbin/mariadbd --defaults-file="$dir/my.cnf" "$@" >>"$dir/stdout.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    # Joining takes a state transfer (IST, or a whole mariabackup SST): up to a minute on a busy box.
    if ! wait_for 180 "" node_synced "$n"; then
        tail -n 30 "$dir/error.log" >&2
        die "node$n did not reach Synced in 180 s (log: $dir/error.log)"
    fi
    say "node$n Synced on port $(node_port "$n") (pid $(cat "$dir/pid"))"
}

node_synced() {
    alive "$(node_dir "$1")/pid" && [[ "$(sql "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME='WSREP_LOCAL_STATE'")" == 4 ]]
}

bootstrap() {
    local dir
    dir="$(node_dir 1)"
    mkdir -p "$dir/data" "$STATE/secrets"
    chmod 700 "$STATE/secrets"
    if [[ ! -d "$dir/data/mysql" ]]; then
        mariadb-install-db --no-defaults --user=root --datadir="$dir/data" --auth-root-authentication-method=socket \
            --skip-test-db >"$dir/install.log" 2>&1 || die "mariadb-install-db failed (log: $dir/install.log)"
        [[ -f "$STATE/secrets/db.password" ]] || (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$STATE/secrets/db.password")
        node_start 1 --wsrep-new-cluster
        # Created once on the first node; Galera replicates users to the others.
        sql 1 "CREATE USER IF NOT EXISTS 'hireflow'@'127.0.0.1' IDENTIFIED BY '$(password)';
               GRANT ALL PRIVILEGES ON hireflow.* TO 'hireflow'@'127.0.0.1';
               GRANT PROCESS ON *.* TO 'hireflow'@'127.0.0.1';
               CREATE USER IF NOT EXISTS 'check'@'127.0.0.1';"
        return
    fi
    # A stopped cluster restarts from the node that may bootstrap (grastate.dat says so), else node 1.
    local first=1 n
    for n in "${NODES[@]}"; do
        if grep -q '^safe_to_bootstrap: 1' "$(node_dir "$n")/data/grastate.dat" 2>/dev/null; then first=$n; fi
    done
    sed -i 's/^safe_to_bootstrap: 0/safe_to_bootstrap: 1/' "$(node_dir "$first")/data/grastate.dat" 2>/dev/null || true
    node_start "$first" --wsrep-new-cluster
}

# ------------------------------------------------------------------ HAProxy: SQL writer + API balancer
haproxy_config() {
    local n
    {
        cat <<EOF
global
    maxconn 4000
    # The node check is an external program (see galera-check.sh): it forks.
    external-check
    insecure-fork-wanted
    stats socket $STATE/haproxy.sock mode 600 level admin

defaults
    log stdout format raw local0 info
    timeout connect 3s
    timeout check 3s
    timeout client 1h
    timeout server 1h

# Every SQL connection goes to ONE writer node. A node counts as up only when Galera says it is
# Synced (or a donor of a non-blocking mariabackup transfer) in the primary component, not merely
# when it accepts a connection: a joining node accepts connections long before it can serve them.
# The one-entry stick table on the destination remembers the writer: when node1 returns after a
# failure the proxy stays on the node that took over (no fail-back behind the pool's back).
listen sql-writer
    bind 127.0.0.1:$SQL_PORT
    mode tcp
    option tcpka
    option external-check
    external-check path "/usr/bin:/bin"
    external-check command $CHECK
    stick-table type ip size 1
    stick on dst
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
EOF
        for n in "${NODES[@]}"; do
            printf '    server node%s 127.0.0.1:%s check%s\n' "$n" "$(node_port "$n")" "$([[ $n == 1 ]] || echo ' backup')"
        done
        cat <<EOF

# The API replicas, round robin. A request is only re-sent when its connection was refused
# (nothing reached the replica); a batch whose answer was lost is the client's to retry with its key.
listen api
    bind 127.0.0.1:$LB_PORT
    mode http
    option httplog
    balance roundrobin
    timeout client 10m
    timeout server 10m
    option httpchk GET /q/health/live
    http-check expect status 200
    retries 2
    retry-on conn-failure
    option redispatch
    default-server inter 1s fall 2 rise 2 on-marked-down shutdown-sessions
EOF
        for n in "${APIS[@]}"; do
            printf '    server api%s 127.0.0.1:%s check\n' "$n" "$(api_port "$n")"
        done
        cat <<EOF

listen stats
    bind 127.0.0.1:$STATS_PORT
    mode http
    stats enable
    stats uri /
    stats refresh 2s
EOF
    } >"$STATE/haproxy.cfg"
}

haproxy_start() {
    alive "$STATE/haproxy.pid" && return 0
    local port
    for port in "$LB_PORT" "$SQL_PORT" "$STATS_PORT"; do
        port_free "$port" || die "port $port is taken by a process this script did not start"
    done
    haproxy_config
    haproxy -c -q -f "$STATE/haproxy.cfg" || die "haproxy rejects $STATE/haproxy.cfg"
    setsid nohup haproxy -db -f "$STATE/haproxy.cfg" >>"$STATE/haproxy.log" 2>&1 </dev/null &
    echo $! >"$STATE/haproxy.pid"
    wait_for 20 "SQL writer proxy on 127.0.0.1:$SQL_PORT, API load balancer on 127.0.0.1:$LB_PORT" writer_name \
        || die "the SQL proxy does not reach a writer (log: $STATE/haproxy.log)"
}

writer_name() {
    mariadb --no-defaults --protocol=tcp -h 127.0.0.1 -P "$SQL_PORT" -u hireflow -p"$(password)" --skip-ssl \
        --connect-timeout=2 -N -B -e 'SELECT @@wsrep_node_name'
}

# ------------------------------------------------------------------ API replicas
tokens() {
    # The client's tokens stay in the state dir; the replicas get only their SHA-256 hashes, so nothing
    # is generated onto (or read from) the folder both replicas share.
    local role
    mkdir -p "$STATE/secrets"
    for role in reader writer admin; do
        [[ -f "$STATE/secrets/$role.token" ]] || (umask 077 && head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$STATE/secrets/$role.token")
    done
}

token_hash() { printf %s "$(cat "$STATE/secrets/$1.token")" | sha256sum | cut -d' ' -f1; }

api_start() {
    local n="$1" dir java
    dir="$STATE/api$n"
    alive "$dir/pid" && {
        say "api$n already runs (pid $(cat "$dir/pid"))"
        return 0
    }
    [[ -f "$API_JAR" ]] || die "no $API_JAR: ./mvnw -B -o -q package -DskipTests -pl client,api"
    port_free "$(api_port "$n")" || die "port $(api_port "$n") is taken by a process this script did not start"
    java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
    mkdir -p "$dir" "$STATE/shared/history"
    tokens
    # shellcheck disable=SC2086 # HIREFLOW_CLUSTER_JAVA_OPTS holds several flags on purpose
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:mysql://127.0.0.1:$SQL_PORT/hireflow?createDatabaseIfNotExist=true" \
        QUARKUS_DATASOURCE_USERNAME=hireflow QUARKUS_DATASOURCE_PASSWORD="$(password)" \
        QUARKUS_HTTP_PORT="$(api_port "$n")" QUARKUS_HTTP_HOST=127.0.0.1 \
        QUARKUS_LOG_FILE_PATH="$dir/api.log" \
        HIREFLOW_SHARED_DIR="$STATE/shared" \
        HIREFLOW_AUTH_GENERATE_MISSING=false \
        HIREFLOW_AUTH_TOKENS_READER="$(token_hash reader)" \
        HIREFLOW_AUTH_TOKENS_WRITER="$(token_hash writer)" \
        HIREFLOW_AUTH_TOKENS_ADMIN="$(token_hash admin)" \
        setsid nohup "$java" ${HIREFLOW_CLUSTER_JAVA_OPTS:--Xmx512m -XX:G1HeapRegionSize=4m -XX:+ExitOnOutOfMemoryError} -jar "$API_JAR" \
        >>"$dir/stdout.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    if ! wait_for 120 "" curl -fsS "http://127.0.0.1:$(api_port "$n")/q/health/ready"; then
        tail -n 30 "$dir/stdout.log" >&2
        die "api$n did not become ready in 120 s (log: $dir/stdout.log)"
    fi
    say "api$n ready on port $(api_port "$n") (pid $(cat "$dir/pid"))"
}

# ------------------------------------------------------------------ commands
check_tools() {
    local tool missing=()
    for tool in /usr/sbin/mariadbd mariadb mariadb-install-db mariabackup haproxy socat curl sha256sum; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    [[ -f "$GALERA" ]] || missing+=("$GALERA")
    ((${#missing[@]} == 0)) || die "missing: ${missing[*]} (apt-get install mariadb-server galera-4 mariadb-backup haproxy socat curl)"
}

start() {
    check_tools
    mkdir -p "$STATE"
    bootstrap
    local n
    for n in "${NODES[@]}"; do node_start "$n"; done
    haproxy_start
    for n in "${APIS[@]}"; do api_start "$n"; done
    env_file
    status
}

env_file() {
    # What a test or a shell needs to talk to the cluster (sourced by tests, never committed).
    cat >"$STATE/cluster.env" <<EOF
HIREFLOW_CLUSTER_API=http://127.0.0.1:$LB_PORT
HIREFLOW_CLUSTER_API1=http://127.0.0.1:$(api_port 1)
HIREFLOW_CLUSTER_API2=http://127.0.0.1:$(api_port 2)
HIREFLOW_CLUSTER_JDBC=jdbc:mysql://127.0.0.1:$SQL_PORT/hireflow
HIREFLOW_CLUSTER_DB_USER=hireflow
HIREFLOW_CLUSTER_DB_PASSWORD_FILE=$STATE/secrets/db.password
HIREFLOW_CLUSTER_TOKEN_FILE=$STATE/secrets/admin.token
HIREFLOW_CLUSTER_SHARED=$STATE/shared
HIREFLOW_CLUSTER_SCRIPT=$ROOT/docker/cluster/cluster.sh
EOF
}

stop() {
    local n
    for n in "${APIS[@]}"; do stop_pid "$STATE/api$n/pid"; done
    stop_pid "$STATE/haproxy.pid"
    # The last node to stop is the one that may bootstrap the cluster again (it has every commit).
    for n in 3 2 1; do stop_pid "$(node_dir "$n")/pid"; done
    say "stopped"
}

status() {
    local n state
    for n in "${NODES[@]}"; do
        if alive "$(node_dir "$n")/pid"; then
            state="$(sql "$n" "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY VARIABLE_NAME SEPARATOR ' ') FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('WSREP_CLUSTER_SIZE','WSREP_LOCAL_STATE_COMMENT')" 2>/dev/null || echo '?')"
            say "node$n port $(node_port "$n") pid $(cat "$(node_dir "$n")/pid"): cluster size, state: $state"
        else
            say "node$n port $(node_port "$n"): down"
        fi
    done
    if alive "$STATE/haproxy.pid"; then
        say "haproxy pid $(cat "$STATE/haproxy.pid"): writer $(writer_name 2>/dev/null || echo none)"
    else
        say "haproxy: down"
    fi
    for n in "${APIS[@]}"; do
        if alive "$STATE/api$n/pid"; then say "api$n port $(api_port "$n") pid $(cat "$STATE/api$n/pid")"; else say "api$n port $(api_port "$n"): down"; fi
    done
}

node_arg() {
    [[ "${1:-}" =~ ^[123]$ ]] || die "which node? 1, 2 or 3"
    echo "$1"
}

api_arg() {
    [[ "${1:-}" =~ ^[12]$ ]] || die "which API replica? 1 or 2"
    echo "$1"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    clean)
        stop
        rm -rf "$STATE"
        say "removed $STATE"
        ;;
    env) cat "$STATE/cluster.env" ;;
    writer) writer_name ;;
    kill-writer)
        w="$(writer_name)" || die "no writer answers through the proxy"
        stop_pid "$(node_dir "${w#node}")/pid" KILL
        say "killed $w (SIGKILL)"
        ;;
    kill-node)
        n="$(node_arg "${2:-}")"
        stop_pid "$(node_dir "$n")/pid" KILL
        say "killed node$n (SIGKILL)"
        ;;
    start-node) node_start "$(node_arg "${2:-}")" ;;
    kill-api)
        n="$(api_arg "${2:-}")"
        stop_pid "$STATE/api$n/pid" KILL
        say "killed api$n (SIGKILL)"
        ;;
    start-api) api_start "$(api_arg "${2:-}")" ;;
    balance)
        # How many replicas the load balancer uses (for benchmarks): 1 takes api2 out, 2 puts it back.
        case "${2:-}" in
            1) echo "disable server api/api2" | socat stdio "unix-connect:$STATE/haproxy.sock" ;;
            2) echo "enable server api/api2" | socat stdio "unix-connect:$STATE/haproxy.sock" ;;
            *) die "balance over how many replicas? 1 or 2" ;;
        esac
        say "the load balancer uses $2 replica(s)"
        ;;
    *) die "usage: cluster.sh start|stop|status|clean|env|writer|kill-writer|kill-node N|start-node N|kill-api N|start-api N|balance 1|2" ;;
esac
