#!/usr/bin/env bash
# Starts hireflow and runs the client's demo, so that ./deliverables holds the rendered reports.
#
#   ./up.sh            build, start, wait until healthy, run the demo (reuses a running stack)
#   ./up.sh down       stop everything (data is kept)
#   ./up.sh clean      stop and remove the data too (Docker: volumes and images)
#   ./up.sh status     say what runs
#   ./up.sh secrets    only create the missing files under ./secrets/
#
# With a Docker engine (`docker info` answers) it runs the three containers of compose.yaml.
# Without one it runs natively: the API as a background Java process on its embedded MariaDB,
# state under ./.hireflow/. HIREFLOW_MODE=docker|native forces a mode. The mode ./up.sh started is
# recorded in .hireflow/mode: down, clean and status act on it, whatever answers now.
#
# Settings (environment): HIREFLOW_PORT (8080), HIREFLOW_START_TIMEOUT (seconds, 180 native,
# 420 Docker), HIREFLOW_JAVA_OPTS (native API JVM flags), HIREFLOW_SKIP_BUILD=1 (native: reuse
# the jars already built), HIREFLOW_SKIP_DEMO=1 (native: start only), HIREFLOW_YEAR (the demo's
# report year, passed on as-is when set), HIREFLOW_BACKUP_SCHEDULE_CRON (a backup set of every table
# at 02:30 UTC each night, '0 30 2 * * ?'; 'off' turns it off; Docker mode passes it on as well).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"

PORT="${HIREFLOW_PORT:-8080}"
STATE_DIR="$ROOT/.hireflow"
PID_FILE="$STATE_DIR/api.pid"
MODE_FILE="$STATE_DIR/mode"
LOG_FILE="$STATE_DIR/api.log"
DATA_DIR="$STATE_DIR/db"
SHARED_DIR="$STATE_DIR/shared"
SECRETS_DIR="$ROOT/secrets"
DELIVERABLES_DIR="$ROOT/deliverables"
API_JAR="$ROOT/api/target/quarkus-app/quarkus-run.jar"
CLIENT_JAR="$ROOT/client/target/hireflow-client.jar"
SECRET_NAMES=(db_root_password db_app_password api_token api_writer_token api_reader_token s3_access_key s3_secret_key)
COMPOSE=()

say() { printf '==> %s\n' "$*"; }
warn() { printf 'up.sh: %s\n' "$*" >&2; }
die() {
    printf 'up.sh: error: %s\n' "$*" >&2
    exit 1
}

usage() {
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

# ---------------------------------------------------------------- shared by both modes

# Creates each missing secret: random hex, so it needs no quoting anywhere. The folder is private;
# the files are world-readable only so that the containers' non-root users can read their mounts.
# An existing but empty file is an error, not replaced: the database may hold the secret it lost.
ensure_secrets() {
    mkdir -p "$SECRETS_DIR"
    chmod 700 "$SECRETS_DIR"
    local name file
    for name in "${SECRET_NAMES[@]}"; do
        file="$SECRETS_DIR/$name"
        if [[ -e "$file" && ! -s "$file" ]]; then
            die "secrets/$name is empty: put the secret back, or delete the file to have a new one generated (a new db password needs ./up.sh clean first)"
        fi
        if [[ ! -e "$file" ]]; then
            od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$file"
            say "created secrets/$name"
        fi
        chmod 644 "$file"
    done
}

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The first port after $1 that nothing listens on (checked now, so a suggestion that works).
free_port_after() {
    local port
    for ((port = $1 + 1; port <= $1 + 100 && port <= 65535; port++)); do
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    return 1
}

# What to do about a busy port: another port that is free right now, and how to see who holds this one.
busy_port_advice() {
    local free
    if free="$(free_port_after "$PORT")"; then
        printf 'Stop it, or use a free port: HIREFLOW_PORT=%s ./up.sh' "$free"
    else
        printf 'Stop it, or choose a free port with HIREFLOW_PORT'
    fi
    printf "   (see who holds it: ss -ltnp 'sport = :%s')" "$PORT"
}

# The admin token's file (never the token), the API's address and what to try next; $1 runs the client,
# $2 shows the API's log.
next_steps() {
    local token="${SECRETS_DIR#"$ROOT"/}/api_token"
    say "API: http://localhost:$PORT   admin token in: $token"
    say "next: export HIREFLOW_TOKEN=\$(cat $token)"
    say "      $1 tables"
    say "      curl -H \"Authorization: Bearer \$HIREFLOW_TOKEN\" http://localhost:$PORT/tables"
    say "API log: $2"
    say "stop: ./up.sh down    remove the data too: ./up.sh clean"
}

choose_mode() {
    case "${HIREFLOW_MODE:-auto}" in
        docker | native) echo "$HIREFLOW_MODE" ;;
        auto)
            if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1 && find_compose; then
                echo docker
            else
                echo native
            fi
            ;;
        *) die "HIREFLOW_MODE must be docker, native or auto, not '$HIREFLOW_MODE'" ;;
    esac
}

find_compose() {
    if docker compose version >/dev/null 2>&1; then
        COMPOSE=(docker compose -p hireflow)
    elif command -v docker-compose >/dev/null 2>&1; then
        COMPOSE=(docker-compose -p hireflow)
    else
        return 1
    fi
}

# ---------------------------------------------------------------- Docker

# The Dockerfiles need BuildKit (RUN --mount build caches). Docker CLIs before 23 have it built in; from 23 on
# it is the buildx plugin, without which the build stops with a bare "buildx component is missing".
buildkit_check() {
    docker buildx version >/dev/null 2>&1 && return 0
    local version major
    version="$(docker version --format '{{.Client.Version}}' 2>/dev/null || true)"
    major="${version%%.*}"
    if [[ "$major" =~ ^[0-9]+$ ]] && ((major < 23)); then
        return 0
    fi
    die "the docker CLI ($(command -v docker), version ${version:-unknown}) cannot build with BuildKit: its buildx plugin is missing. Install it (Debian/Ubuntu: apt-get install docker-buildx, or docker-buildx-plugin from Docker's repository), or put a docker CLI that has it first on PATH; or run natively: HIREFLOW_MODE=native ./up.sh"
}

# The failing services' last log lines, then the error.
docker_fail() {
    "${COMPOSE[@]}" ps >&2 || true
    warn "last log lines of db and api:"
    "${COMPOSE[@]}" logs --tail 40 db api >&2 || true
    die "$*; see the log lines above (./up.sh down stops what started)"
}

docker_up() {
    docker info >/dev/null 2>&1 || die "no Docker engine answers ('docker info' fails); start it, or run natively: HIREFLOW_MODE=native ./up.sh"
    find_compose || die "a Docker engine answers but neither 'docker compose' nor 'docker-compose' is installed"
    ensure_secrets
    buildkit_check
    mkdir -p "$DELIVERABLES_DIR" "$ROOT/new_records"
    # The client writes ./deliverables as the host user, so the files are yours afterwards;
    # as root (unless HIREFLOW_UID names a user), the image's own non-root user (10001) gets the folder.
    if [[ "$(id -u)" != 0 ]]; then
        export HIREFLOW_UID="${HIREFLOW_UID:-$(id -u)}" HIREFLOW_GID="${HIREFLOW_GID:-$(id -g)}"
    elif [[ -n "${HIREFLOW_UID:-}" ]]; then
        export HIREFLOW_GID="${HIREFLOW_GID:-$HIREFLOW_UID}"
        chown "$HIREFLOW_UID:$HIREFLOW_GID" "$DELIVERABLES_DIR"
    else
        chown 10001:10001 "$DELIVERABLES_DIR"
    fi
    export HIREFLOW_PORT="$PORT"
    # The Dockerfiles use BuildKit (build cache mounts); docker-compose 1.x needs asking for it.
    export DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1

    say "building the images (db, api, client)"
    "${COMPOSE[@]}" build
    say "starting db and api"
    "${COMPOSE[@]}" up -d db api || docker_fail "the stack did not start"
    docker_wait_healthy api "${HIREFLOW_START_TIMEOUT:-420}"

    say "running the client's demo"
    local status=0
    "${COMPOSE[@]}" run --rm client demo --records /new_records --out /deliverables ${HIREFLOW_YEAR:+--year "$HIREFLOW_YEAR"} || status=$?
    demo_result "$status" "docker compose -p hireflow logs api"
    say "deliverables: $DELIVERABLES_DIR"
    next_steps "${COMPOSE[*]} run --rm client" "${COMPOSE[*]} logs api"
}

# Polls the container's healthcheck (works with compose v1 and v2, unlike `up --wait`).
docker_wait_healthy() {
    local service="$1" timeout="$2" id status waited=0
    id="$("${COMPOSE[@]}" ps -q "$service")"
    [[ -n "$id" ]] || die "the $service container was not created"
    say "waiting up to ${timeout}s for $service to be healthy"
    while :; do
        status="$(docker inspect --format '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}' "$id")"
        case "$status" in
            healthy) say "$service is healthy"; return 0 ;;
            unhealthy | exited | dead) break ;;
        esac
        if ((waited >= timeout)); then
            status="not healthy after ${timeout}s ($status)"
            break
        fi
        sleep 3
        waited=$((waited + 3))
    done
    docker_fail "$service is $status"
}

docker_down() {
    find_compose || die "neither 'docker compose' nor 'docker-compose' is installed"
    "${COMPOSE[@]}" down --remove-orphans
    say "stopped; data kept in the db-data and shared volumes (./up.sh clean removes them)"
}

docker_clean() {
    find_compose || die "neither 'docker compose' nor 'docker-compose' is installed"
    # --rmi all: the three images carry an image: name, which --rmi local keeps. Only they are named by
    # compose.yaml (base images are FROM lines, never services), so nothing else is removed.
    "${COMPOSE[@]}" down --volumes --rmi all --remove-orphans
    local left
    left="$(docker image ls -q --filter label=io.hireflow.project=hireflow)"
    [[ -z "$left" ]] || die "images of hireflow are left after clean: $(docker image ls --filter label=io.hireflow.project=hireflow --format '{{.Repository}}:{{.Tag}}' | tr '\n' ' ')"
    say "removed containers, volumes and images; ./secrets and ./deliverables are kept"
}

# ---------------------------------------------------------------- native

java_cmd() {
    if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
        echo "$JAVA_HOME/bin/java"
    elif command -v java >/dev/null 2>&1; then
        command -v java
    else
        return 1
    fi
}

require_java() {
    JAVA="$(java_cmd)" || die "no Java found. Install a JDK 17 or newer (e.g. 'apt-get install openjdk-17-jdk-headless', or Eclipse Temurin 17) or set JAVA_HOME; or install Docker to run the containers."
    local spec major
    spec="$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | tr -d ' \r')"
    [[ -n "$spec" ]] || die "could not tell the version of $JAVA"
    major="${spec#1.}"
    major="${major%%.*}"
    ((major >= 17)) || die "$JAVA is Java $spec; hireflow needs Java 17 or newer (set JAVA_HOME to a JDK 17+)"
}

require_curl() {
    command -v curl >/dev/null 2>&1 || die "curl is needed to wait for the API's health (apt-get install curl)"
}

# The pid of the API this script started, if it still runs.
native_pid() {
    [[ -f "$PID_FILE" ]] || return 1
    local pid
    pid="$(cat "$PID_FILE")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && is_ours "$pid"; then
        echo "$pid"
    else
        rm -f "$PID_FILE"
        return 1
    fi
}

ready() {
    curl -fsS -m 3 -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" 2>/dev/null
}

# Whether the API answering on the port is the process $1: its liveness check reports its own pid. Another
# program that took the port (even one answering 200 to everything) cannot pass for ours.
answers_as() {
    local live
    live="$(curl -fsS -m 3 "http://127.0.0.1:$PORT/q/health/live" 2>/dev/null)" || return 1
    [[ "$live" =~ \"pid\"[[:space:]]*:[[:space:]]*([0-9]+) && "${BASH_REMATCH[1]}" == "$1" ]]
}

native_build() {
    if [[ "${HIREFLOW_SKIP_BUILD:-}" == 1 && -f "$API_JAR" ]]; then
        say "HIREFLOW_SKIP_BUILD=1: using the jars already built"
        return 0
    fi
    local modules=api
    [[ -f "$ROOT/client/pom.xml" ]] && modules=api,client
    package_modules "$modules"
}

# Packages the comma separated modules $1 and what they need.
package_modules() {
    say "building $1 with the Maven wrapper (tests skipped; ./mvnw -B verify runs them)"
    ./mvnw -B -q package -DskipTests -pl "$1" -am \
        || die "the build of $1 failed (see the Maven output above)"
}

require_free_port() {
    if port_in_use "$PORT"; then
        die "port $PORT is already in use by another program. $(busy_port_advice)"
    fi
}

native_start() {
    mkdir -p "$STATE_DIR" "$SHARED_DIR" "$DATA_DIR" "$DELIVERABLES_DIR"
    [[ -f "$LOG_FILE" ]] && mv -f "$LOG_FILE" "$LOG_FILE.1"
    local detach=()
    # Its own session: a Ctrl-C or a closing terminal does not take the API down with this script.
    command -v setsid >/dev/null 2>&1 && detach=(setsid)
    # shellcheck disable=SC2086 # HIREFLOW_JAVA_OPTS holds several flags on purpose
    HIREFLOW_SHARED_DIR="$SHARED_DIR" \
        HIREFLOW_EMBEDDED_DB_DATA_DIR="$DATA_DIR" \
        HIREFLOW_HISTORY_DIR="${HIREFLOW_HISTORY_DIR:-$ROOT/api/sample-history}" \
        HIREFLOW_AUTH_TOKEN_FILES_ADMIN="$SECRETS_DIR/api_token" \
        HIREFLOW_BACKUP_SCHEDULE_CRON="${HIREFLOW_BACKUP_SCHEDULE_CRON:-0 30 2 * * ?}" \
        QUARKUS_HTTP_PORT="$PORT" \
        nohup "${detach[@]}" "$JAVA" ${HIREFLOW_JAVA_OPTS:--Xmx1g -XX:G1HeapRegionSize=4m -XX:+ExitOnOutOfMemoryError} \
        -jar "$API_JAR" </dev/null >"$LOG_FILE" 2>&1 &
    echo $! >"$PID_FILE"
    say "API starting (pid $(cat "$PID_FILE"), log $LOG_FILE)"
}

native_wait_ready() {
    local pid="$1" timeout="${HIREFLOW_START_TIMEOUT:-180}" waited=0 foreign_said=
    say "waiting up to ${timeout}s for http://localhost:$PORT/q/health/ready"
    # Ready is not enough: the answer must come from our process, which must still run.
    until ready && answers_as "$pid" && kill -0 "$pid" 2>/dev/null; do
        if ! kill -0 "$pid" 2>/dev/null; then
            warn "the API stopped while starting; last lines of $LOG_FILE:"
            tail -n 40 "$LOG_FILE" >&2 || true
            rm -f "$PID_FILE"
            rmdir "/tmp/hireflow-mariadb-$pid" 2>/dev/null || true
            if port_in_use "$PORT"; then
                die "the API did not start, and another program answers on port $PORT (it took the port while this API started). $(busy_port_advice)"
            fi
            die "the API did not start (see the log lines above)"
        fi
        if [[ -z "$foreign_said" ]] && port_in_use "$PORT" && ! answers_as "$pid"; then
            warn "another program answers on port $PORT, not this API (pid $pid): waiting for ours"
            foreign_said=1
        fi
        if ((waited >= timeout)); then
            warn "the API is not ready after ${timeout}s; last lines of $LOG_FILE:"
            tail -n 40 "$LOG_FILE" >&2 || true
            native_down >/dev/null || true
            die "the API did not become ready in ${timeout}s and was stopped (HIREFLOW_START_TIMEOUT raises the limit)"
        fi
        sleep 1
        waited=$((waited + 1))
    done
    say "API ready at http://localhost:$PORT"
}

# The client exits 2 when rows were rejected: the sample holds bad rows on purpose, so that is success.
demo_result() {
    case "$1" in
        0) ;;
        2) say "the demo rejected the sample's bad rows on purpose; their reasons are in the rejects logs" ;;
        *) die "the demo failed with exit code $1 (the API still runs: $2)" ;;
    esac
}

native_demo() {
    if [[ "${HIREFLOW_SKIP_DEMO:-}" == 1 ]]; then
        say "HIREFLOW_SKIP_DEMO=1: not running the demo"
        return 0
    fi
    if [[ ! -f "$CLIENT_JAR" ]]; then
        warn "no client jar at ${CLIENT_JAR#"$ROOT"/}: skipping the demo (the API runs; use curl)"
        return 0
    fi
    say "running the client's demo"
    local status=0
    HIREFLOW_API_URL="http://127.0.0.1:$PORT" HIREFLOW_TOKEN="$(cat "$SECRETS_DIR/api_token")" \
        HIREFLOW_LOG_DIR="$SHARED_DIR/logs" \
        "$JAVA" -jar "$CLIENT_JAR" demo --out "$DELIVERABLES_DIR" ${HIREFLOW_YEAR:+--year "$HIREFLOW_YEAR"} || status=$?
    demo_result "$status" "see $LOG_FILE; ./up.sh down stops it"
    say "deliverables: $DELIVERABLES_DIR"
}

native_up() {
    require_java
    require_curl
    ensure_secrets
    local pid
    if pid="$(native_pid)"; then
        say "the API already runs (pid $pid): reusing it (./up.sh down first to rebuild)"
        if [[ ! -f "$CLIENT_JAR" && -f "$ROOT/client/pom.xml" ]]; then
            package_modules client
        fi
    else
        # Before the build: a busy port fails at once, not after minutes of Maven; and again after it,
        # as the build takes long enough for another program to take the port meanwhile.
        require_free_port
        native_build
        require_free_port
        native_start
        pid="$(cat "$PID_FILE")"
    fi
    native_wait_ready "$pid"
    native_demo
    say "data: ${DATA_DIR#"$ROOT"/} (kept by ./up.sh down)"
    next_steps "java -jar ${CLIENT_JAR#"$ROOT"/}" "${LOG_FILE#"$ROOT"/}"
}

# All descendants of a process, deepest last (mariadbd is a child of the API's JVM).
descendants() {
    local parent="$1" child
    for child in $(ps -eo pid=,ppid= | awk -v p="$parent" '$2 == p {print $1}'); do
        echo "$child"
        descendants "$child"
    done
}

# Whether a process belongs to this checkout's native run: the API jar, or the embedded server of
# its data dir or of the API's scratch folder. Checked before every signal, so that nothing else on
# the machine (another MariaDB, another checkout's API) is ever touched.
is_ours() {
    local pid="$1" jvm="${2:-none}" args
    args=" $(ps -o args= -p "$pid" 2>/dev/null) " || return 1
    [[ "$args" == *" --datadir=$DATA_DIR "* || "$args" == *"/hireflow-mariadb-$jvm/"* \
        || "$args" == *" $API_JAR "* ]]
}

# Embedded servers of this data dir left by an earlier run whose pid file was lost.
strays() {
    local pid args
    while read -r pid args; do
        if [[ " $args " == *" --datadir=$DATA_DIR "* && "$args" == *mariadbd* ]]; then
            echo "$pid"
        fi
    done < <(ps -eo pid=,args=)
}

wait_gone() {
    local pid="$1" tries="$2"
    while kill -0 "$pid" 2>/dev/null && ((tries > 0)); do
        sleep 1
        tries=$((tries - 1))
    done
    ! kill -0 "$pid" 2>/dev/null
}

native_down() {
    local pid children=() p
    if pid="$(native_pid)"; then
        mapfile -t children < <(descendants "$pid")
        say "stopping the API (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        if ! wait_gone "$pid" 30; then
            warn "the API did not stop in 30s: killing it"
            kill -KILL "$pid" 2>/dev/null || true
            wait_gone "$pid" 5 || true
        fi
    else
        say "the API is not running"
    fi
    rm -f "$PID_FILE"
    # The embedded server's scratch folder is named after the JVM's pid; remove it once empty.
    if [[ -n "${pid:-}" ]]; then rmdir "/tmp/hireflow-mariadb-$pid" 2>/dev/null || true; fi
    # The JVM's shutdown hook stops mariadbd; make sure, by pid, that nothing it started lingers.
    local left=()
    for p in "${children[@]}" $(strays); do
        if is_ours "$p" "${pid:-}"; then
            say "stopping a leftover process of this checkout (pid $p)"
            kill -TERM "$p" 2>/dev/null || true
            wait_gone "$p" 15 || kill -KILL "$p" 2>/dev/null || true
            wait_gone "$p" 5 || left+=("$p")
        fi
    done
    ((${#left[@]} == 0)) || die "processes still running after stop: ${left[*]}"
    say "stopped; data kept under ${STATE_DIR#"$ROOT"/} (./up.sh clean removes it)"
}

native_clean() {
    native_down
    rm -rf "$STATE_DIR"
    say "removed ${STATE_DIR#"$ROOT"/}; ./secrets and ./deliverables are kept"
}

native_status() {
    local pid
    if pid="$(native_pid)"; then
        if ready && answers_as "$pid"; then
            say "native API running (pid $pid), ready at http://localhost:$PORT"
        elif port_in_use "$PORT" && ! answers_as "$pid"; then
            say "native API running (pid $pid), but another program answers on port $PORT"
        else
            say "native API running (pid $pid), not ready"
        fi
    else
        say "native API not running"
    fi
}

# ---------------------------------------------------------------- main

# The mode for ./up.sh: HIREFLOW_MODE when set; else a native API of this checkout that still runs is
# reused (a Docker engine that appeared since does not start a second stack); else what answers now.
mode_to_start() {
    if [[ "${HIREFLOW_MODE:-auto}" == auto ]] && native_pid >/dev/null; then
        echo native
    else
        choose_mode
    fi
}

# The mode down, clean and status act on: HIREFLOW_MODE when set, else the one ./up.sh recorded (or a
# native API of this checkout that runs), and only when nothing was recorded, what answers now.
mode_started() {
    local recorded=
    [[ -f "$MODE_FILE" ]] && recorded="$(cat "$MODE_FILE")"
    if [[ "${HIREFLOW_MODE:-auto}" != auto ]]; then
        choose_mode
    elif [[ "$recorded" == docker || "$recorded" == native ]]; then
        echo "$recorded"
    elif native_pid >/dev/null; then
        echo native
    else
        choose_mode
    fi
}

main() {
    local command="${1:-up}" mode
    case "$command" in
        -h | --help | help) usage; return 0 ;;
        secrets) ensure_secrets; return 0 ;;
        up | down | clean | status) ;;
        *) usage >&2; die "unknown command '$command'" ;;
    esac
    if [[ "$command" == up ]]; then
        mode="$(mode_to_start)"
        mkdir -p "$STATE_DIR"
        echo "$mode" >"$MODE_FILE"
    else
        mode="$(mode_started)"
    fi
    case "$mode:$command" in
        docker:up) docker_up ;;
        docker:down) docker_down ;;
        docker:clean) docker_clean ;;
        docker:status) find_compose && "${COMPOSE[@]}" ps ;;
        native:up) native_up ;;
        native:down) native_down ;;
        native:clean) native_clean ;;
        native:status) native_status ;;
    esac
    if [[ "$command" == clean ]]; then rm -f "$MODE_FILE"; fi
}

# Sourcing (for tests) defines the functions without running anything.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
