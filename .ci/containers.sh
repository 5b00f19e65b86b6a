#!/usr/bin/env bash
# CI for the container path (issue 12), run by .ci/run under a timeout:
#
#   .ci/containers.sh mysql-suite   the test suite (client, api) against REAL MySQL: the db base image's
#                                   server in a container on 127.0.0.1:$CI_MYSQL_PORT (18406)
#   .ci/containers.sh e2e           ./up.sh in Docker mode, checked from outside (see the steps below)
#   .ci/containers.sh               both
#
# A Docker engine is started from Debian's packages when none answers (and stopped at the end, by pid);
# the public base images are used when they can be pulled, else docker/offline-images.sh builds stand-ins
# (cached under ~/.cache/hireflow-ci, so a rerun takes seconds). Whatever it started is removed on exit,
# failure included. Ports: 18406 (MySQL), 18480 (the API); override with CI_MYSQL_PORT / CI_API_PORT.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec </dev/null
# Debian's docker CLI has BuildKit built in; a static CLI in /usr/local/bin may lack buildx (see up.sh).
export PATH="/usr/bin:$PATH"

LOGS="$ROOT/target/ci"
mkdir -p "$LOGS"
MYSQL_PORT="${CI_MYSQL_PORT:-18406}"
API_PORT="${CI_API_PORT:-18480}"
MYSQL_CONTAINER="hireflow-ci-mysql-$$"
CLIENT_CONTAINER="hireflow-ci-client-$$"
COMPOSE=()
DOCKERD_PID=
STACK_STARTED=
STARTED=$SECONDS

step() { printf '\n--- containers: %s (%ss)\n' "$*" "$((SECONDS - STARTED))"; }
fail() {
    printf 'CONTAINERS CI FAILED: %s\n' "$*" >&2
    exit 1
}

cleanup() {
    local status=$?
    set +e
    docker rm -f "$MYSQL_CONTAINER" "$CLIENT_CONTAINER" >/dev/null 2>&1
    if [[ -n "$STACK_STARTED" ]]; then
        if ((status != 0)); then "${COMPOSE[@]}" logs --tail 60 >"$LOGS/compose-failure.log" 2>&1; fi
        HIREFLOW_MODE=docker ./up.sh clean >/dev/null 2>&1
    fi
    if [[ -n "$DOCKERD_PID" ]]; then
        kill -TERM "$DOCKERD_PID" 2>/dev/null
        for _ in $(seq 30); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 1; done
        kill -KILL "$DOCKERD_PID" 2>/dev/null
        echo "containers: stopped the dockerd this script started (pid $DOCKERD_PID)"
    fi
    exit "$status"
}
trap cleanup EXIT
# timeout(1) sends TERM: exit through the cleanup above.
trap 'exit 143' TERM INT

# ------------------------------------------------------------------ engine and base images
ensure_docker() {
    if docker info >/dev/null 2>&1; then
        echo "a Docker engine answers: $(docker version --format '{{.Server.Version}}')"
    else
        if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker-compose >/dev/null 2>&1; then
            apt-get update -qq >/dev/null 2>&1 || true
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io containerd runc docker-compose \
                >"$LOGS/apt-docker.log" 2>&1 || fail "could not install docker.io (log: target/ci/apt-docker.log)"
        fi
        dockerd >"$LOGS/dockerd.log" 2>&1 &
        DOCKERD_PID=$!
        for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
        docker info >/dev/null 2>&1 || fail "dockerd did not answer within 60 s (log: target/ci/dockerd.log)"
        echo "started dockerd (pid $DOCKERD_PID): $(docker version --format '{{.Server.Version}}')"
    fi
    if docker compose version >/dev/null 2>&1; then
        COMPOSE=(docker compose -p hireflow)
    elif command -v docker-compose >/dev/null 2>&1; then
        COMPOSE=(docker-compose -p hireflow)
    else
        fail "no docker compose / docker-compose"
    fi
    command -v debootstrap >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null 2>&1 || true
}

# The public images when this machine can pull them; else the stand-ins from Debian packages.
ensure_base_images() {
    local image pulled=1
    while read -r image; do
        if ! timeout 120 docker pull -q "$image" >/dev/null 2>&1; then
            echo "cannot pull $image: building stand-ins from Debian packages"
            pulled=0
            break
        fi
    done < <(sed -n 's/^ARG HIREFLOW_[A-Z_]*IMAGE=//p' db/Dockerfile api/Dockerfile | sort -u)
    if ((pulled == 0)); then
        local line
        while read -r line; do
            export "${line?}"
            echo "  $line"
        done < <(timeout 1500 docker/offline-images.sh --env)
    fi
    MYSQL_BASE="${HIREFLOW_DB_BASE_IMAGE:-$(sed -n 's/^ARG HIREFLOW_DB_BASE_IMAGE=//p' db/Dockerfile)}"
}

# ------------------------------------------------------------------ the suite on real MySQL
mysql_suite() {
    step "test suite on MySQL ($MYSQL_BASE) at 127.0.0.1:$MYSQL_PORT"
    local secret_dir password
    secret_dir="$(mktemp -d)"
    password="$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
    printf %s "$password" >"$secret_dir/root"
    chmod 644 "$secret_dir/root"
    docker rm -f "$MYSQL_CONTAINER" >/dev/null 2>&1 || true
    # The server settings of the db image (hireflow.cnf) on the same server the db image runs.
    docker run -d --name "$MYSQL_CONTAINER" -p "127.0.0.1:$MYSQL_PORT:3306" \
        -e MYSQL_ROOT_PASSWORD_FILE=/s/root -v "$secret_dir:/s:ro" \
        -v "$ROOT/db/hireflow.cnf:/etc/mysql/conf.d/hireflow.cnf:ro" "$MYSQL_BASE" >/dev/null
    local ready=0
    for _ in $(seq 90); do
        if docker exec "$MYSQL_CONTAINER" sh -c 'MYSQL_PWD=$(cat /s/root) mysql -uroot -h127.0.0.1 -e "SELECT 1"' >/dev/null 2>&1; then
            ready=1
            break
        fi
        sleep 2
    done
    ((ready)) || { docker logs --tail 40 "$MYSQL_CONTAINER" >&2; fail "MySQL did not start"; }
    docker exec "$MYSQL_CONTAINER" sh -c 'MYSQL_PWD=$(cat /s/root) mysql -uroot -h127.0.0.1 -e "
        SELECT VERSION() AS mysql, @@collation_server, @@local_infile, @@log_bin;
        DROP DATABASE IF EXISTS hireflow_ci; CREATE DATABASE hireflow_ci CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"'
    local status=0
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:mysql://127.0.0.1:$MYSQL_PORT/hireflow_ci" \
        QUARKUS_DATASOURCE_USERNAME=root QUARKUS_DATASOURCE_PASSWORD="$password" \
        ./mvnw -B test -pl client,api >"$LOGS/verify-mysql.log" 2>&1 || status=$?
    grep -E '^\[(INFO|WARNING|ERROR)\] (Tests run:|Failures:|Tests in error|BUILD)|^hireflow: [0-9]+ tests? skipped:' \
        "$LOGS/verify-mysql.log" | tail -n 25 || true
    docker rm -f "$MYSQL_CONTAINER" >/dev/null
    rm -rf "$secret_dir"
    ((status == 0)) || fail "the suite failed on MySQL (log: target/ci/verify-mysql.log)"
}

# ------------------------------------------------------------------ ./up.sh in Docker mode, from outside
sql() {
    # shellcheck disable=SC2016 # expanded inside the db container, where the secret is
    "${COMPOSE[@]}" exec -T db sh -c 'MYSQL_PWD=$(cat /run/secrets/db_root_password) mysql -uroot -N -B hireflow -e "$1"' sh "$1"
}

row_counts() {
    sql "SELECT (SELECT COUNT(*) FROM departments), (SELECT COUNT(*) FROM jobs), (SELECT COUNT(*) FROM employees),
         (SELECT COUNT(*) FROM rejected_rows)" | tr '\t' ' '
}

wait_healthy() {
    local service="$1" id status
    id="$("${COMPOSE[@]}" ps -q "$service")"
    for _ in $(seq 100); do
        status="$(docker inspect --format '{{.State.Health.Status}}' "$id" 2>/dev/null || echo gone)"
        [[ "$status" == healthy ]] && return 0
        sleep 3
    done
    "${COMPOSE[@]}" logs --tail 40 "$service" >&2 || true
    fail "$service is $status after 300 s"
}

e2e() {
    # Every compose command below (restart, down, up, run) publishes the API on CI's port, not 8080.
    export HIREFLOW_PORT="$API_PORT"
    step "bug 9: a build with -DskipTests does not fetch the test-only avro-tools jar"
    rm -rf api/target/avro-tools
    ./mvnw -B -o -q -pl client,api -DskipTests generate-test-resources >"$LOGS/skip-tests.log" 2>&1 \
        || ./mvnw -B -q -pl client,api -DskipTests generate-test-resources >"$LOGS/skip-tests.log" 2>&1 \
        || fail "the -DskipTests build failed (log: target/ci/skip-tests.log)"
    [[ ! -e api/target/avro-tools ]] || fail "-DskipTests still copied avro-tools"
    echo "no avro-tools with -DskipTests"

    step "bug 6: a docker CLI without BuildKit is named, with what to install"
    local out cli
    for cli in /usr/local/bin/docker /usr/bin/docker; do
        [[ -x "$cli" ]] || continue
        if out="$(PATH="$(dirname "$cli"):$PATH" bash -c 'source ./up.sh && buildkit_check' 2>&1)"; then
            echo "$cli: can build with BuildKit"
        else
            grep -q "buildx plugin is missing" <<<"$out" || fail "unclear BuildKit message: $out"
            echo "$cli: $(grep -o 'cannot build with BuildKit[^.]*' <<<"$out")"
        fi
    done

    step "an empty secret file is a clear error before anything starts"
    local probe
    probe="$(mktemp -d)"
    cp up.sh "$probe/"
    mkdir -p "$probe/secrets"
    : >"$probe/secrets/db_app_password"
    if out="$(cd "$probe" && HIREFLOW_MODE=docker ./up.sh 2>&1)"; then fail "./up.sh started with an empty secret"; fi
    rm -rf "$probe"
    grep -q "secrets/db_app_password is empty" <<<"$out" || fail "unclear message for an empty secret: $out"
    grep -o 'secrets/db_app_password is empty[^:]*' <<<"$out"

    step "./up.sh in Docker mode, as a non-root user would run it (uid 4242)"
    HIREFLOW_MODE=docker ./up.sh clean >/dev/null 2>&1 || true
    rm -rf .hireflow deliverables/*.csv deliverables/*.png deliverables/*.svg deliverables/*.html
    STACK_STARTED=1
    local up_log="$LOGS/up-docker.log"
    HIREFLOW_MODE=docker HIREFLOW_PORT="$API_PORT" HIREFLOW_UID=4242 HIREFLOW_GID=4242 ./up.sh >"$up_log" 2>&1 \
        || { tail -n 60 "$up_log"; fail "./up.sh in Docker mode failed (log: target/ci/up-docker.log)"; }
    grep -E '^/new_records/|^==> (deliverables|the demo)' "$up_log" || true
    chown -R "$(id -u):$(id -g)" deliverables

    step "three healthy: db, api, and a client container whose healthcheck reaches the API"
    wait_healthy db
    wait_healthy api
    docker rm -f "$CLIENT_CONTAINER" >/dev/null 2>&1 || true
    "${COMPOSE[@]}" run -d --name "$CLIENT_CONTAINER" --entrypoint sleep client 600 >/dev/null
    local health=
    for _ in $(seq 40); do
        health="$(docker inspect --format '{{.State.Health.Status}}' "$CLIENT_CONTAINER")"
        [[ "$health" == healthy ]] && break
        sleep 3
    done
    [[ "$health" == healthy ]] || fail "the client container is $health"
    echo "db, api, client: healthy"

    step "the client reaches the API but cannot open a TCP connection to the database"
    docker exec "$CLIENT_CONTAINER" curl -fsS -o /dev/null http://api:8080/q/health/ready || fail "the client cannot reach the API"
    if docker exec "$CLIENT_CONTAINER" timeout 10 bash -c 'exec 3<>/dev/tcp/db/3306' 2>/dev/null; then
        fail "the client opened a TCP connection to db:3306"
    fi
    echo "client -> api: yes; client -> db:3306: refused/unresolvable"

    step "the demo loaded the history AND posted the new records"
    local inserted new_rows history_rows
    # The demo's per-file tables: "/new_records/<table>.csv  batches  sent  inserted  rejected".
    inserted="$(awk '$1 ~ /^\/new_records\/[a-z_]+\.csv$/ && NF == 5 { n += $4; seen++ } END { if (seen) print n }' "$up_log")"
    [[ -n "$inserted" && "$inserted" -gt 0 ]] || fail "the demo inserted no new records (see target/ci/up-docker.log)"
    new_rows="$(sql "SELECT (SELECT COUNT(*) FROM departments WHERE department_id >= 10001)
        + (SELECT COUNT(*) FROM jobs WHERE job_id >= 10001) + (SELECT COUNT(*) FROM employees WHERE employee_id >= 10001)")"
    history_rows="$(sql "SELECT COUNT(*) FROM employees WHERE employee_id < 10001")"
    echo "history employees: $history_rows; new records in the database: $new_rows (the demo says it inserted $inserted)"
    ((history_rows > 0)) || fail "no history rows in the database"
    ((new_rows == inserted)) || fail "expected $inserted new rows in the database, found $new_rows"

    step "backups, rejects, logs and deliverables on the shared volume (client log written as uid 4242)"
    local folder
    for folder in backups rejects logs deliverables; do
        [[ -n "$("${COMPOSE[@]}" exec -T api find "/shared/$folder" -type f 2>/dev/null | head -1)" ]] \
            || fail "/shared/$folder holds no file"
        echo "/shared/$folder: $("${COMPOSE[@]}" exec -T api find "/shared/$folder" -type f | wc -l) files"
    done
    [[ -n "$("${COMPOSE[@]}" exec -T api find /shared/logs -type f -user 4242 -name 'client-*' | head -1)" ]] \
        || fail "no client log in /shared/logs from the client run as uid 4242"
    compgen -G "deliverables/*.png" >/dev/null || fail "no chart in ./deliverables"

    step "restart api, then down + up: every row kept"
    local before after
    before="$(row_counts)"
    "${COMPOSE[@]}" restart api >/dev/null 2>&1
    wait_healthy api
    after="$(row_counts)"
    [[ "$before" == "$after" ]] || fail "rows changed across restart api: $before -> $after"
    "${COMPOSE[@]}" down >/dev/null 2>&1
    "${COMPOSE[@]}" up -d db api >/dev/null 2>&1 || fail "up after down failed"
    wait_healthy db
    wait_healthy api
    after="$(row_counts)"
    [[ "$before" == "$after" ]] || fail "rows changed across down + up: $before -> $after"
    echo "departments jobs employees rejected_rows: $before (kept)"

    step "no secret in docker inspect, image history or the API's environment"
    local name value container image leaks=()
    "${COMPOSE[@]}" run -d --name "$CLIENT_CONTAINER-2" --entrypoint sleep client 60 >/dev/null 2>&1 || true
    for name in secrets/*; do
        value="$(cat "$name")"
        for container in $("${COMPOSE[@]}" ps -q) $(docker ps -q --filter name="$CLIENT_CONTAINER"); do
            docker inspect "$container" | grep -qF "$value" && leaks+=("$name in docker inspect $container")
        done
        for image in hireflow-db:local hireflow-api:local hireflow-client:local; do
            docker image inspect "$image" | grep -qF "$value" && leaks+=("$name in docker image inspect $image")
            docker history --no-trunc "$image" | grep -qF "$value" && leaks+=("$name in docker history $image")
        done
        "${COMPOSE[@]}" exec -T api cat /proc/1/environ | tr '\0' '\n' | grep -qF "$value" && leaks+=("$name in the API's /proc/1/environ")
    done
    docker rm -f "$CLIENT_CONTAINER-2" >/dev/null 2>&1 || true
    ((${#leaks[@]} == 0)) || fail "secrets leak: ${leaks[*]}"
    "${COMPOSE[@]}" exec -T api cat /proc/1/environ | tr '\0' '\n' | grep -q '^QUARKUS_DATASOURCE_PASSWORD_FILE=' \
        || fail "the API's environment lacks QUARKUS_DATASOURCE_PASSWORD_FILE: the check above proves nothing"
    echo "no secret found (${#leaks[@]} leaks)"

    step "./up.sh clean leaves no container, volume or image of the project"
    docker rm -f "$CLIENT_CONTAINER" >/dev/null 2>&1 || true
    HIREFLOW_MODE=docker ./up.sh clean
    STACK_STARTED=
    local left
    left="$(docker ps -aq --filter label=com.docker.compose.project=hireflow)
$(docker volume ls -q --filter label=com.docker.compose.project=hireflow)
$(docker image ls -q --filter label=io.hireflow.project=hireflow)
$(docker image ls -q 'hireflow-db' ; docker image ls -q 'hireflow-api'; docker image ls -q 'hireflow-client')"
    [[ -z "${left//[[:space:]]/}" ]] || fail "left after ./up.sh clean: $left"
    echo "nothing of the project is left (stand-in base images stay cached)"
}

ensure_docker
ensure_base_images
case "${1:-all}" in
    mysql-suite) mysql_suite ;;
    e2e) e2e ;;
    all) mysql_suite; e2e ;;
    *) fail "unknown step '$1' (mysql-suite, e2e or all)" ;;
esac
step "done"
