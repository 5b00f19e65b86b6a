#!/usr/bin/env bash
# CI step: the kill tests on a loopback cluster (docs/cluster.md). Installs the Debian packages the cluster
# needs, starts 3 Galera nodes + HAProxy + 2 API replicas with docker/cluster/cluster.sh, runs
# io.hireflow.api.cluster.*Test against it, ALWAYS stops everything it started, prints a summary.
# Packages the API first unless HIREFLOW_SKIP_BUILD=1 (then the jar already built is used).
# Settings: HIREFLOW_CLUSTER_DIR (target/ci-cluster), HIREFLOW_CLUSTER_PORT (18200: the next 52 ports).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec </dev/null
export HIREFLOW_CLUSTER_DIR="${HIREFLOW_CLUSTER_DIR:-$ROOT/target/ci-cluster}"
LOG="$ROOT/target/ci/cluster-tests.log"
mkdir -p "$ROOT/target/ci"
STARTED=$SECONDS

cleanup() {
    local status=$?
    docker/cluster/cluster.sh stop || true
    printf 'cluster CI: %s in %ss\n' "$([[ $status == 0 ]] && echo passed || echo FAILED)" "$((SECONDS - STARTED))"
    exit "$status"
}
trap cleanup EXIT

missing=()
command -v haproxy >/dev/null || missing+=(haproxy)
command -v mariabackup >/dev/null || missing+=(mariadb-backup)
command -v socat >/dev/null || missing+=(socat)
[[ -f /usr/lib/galera/libgalera_smm.so ]] || missing+=(galera-4)
command -v mariadbd >/dev/null || [[ -x /usr/sbin/mariadbd ]] || missing+=(mariadb-server)
if ((${#missing[@]})); then
    echo "installing ${missing[*]}"
    apt-get update -qq >/dev/null 2>&1 || echo "apt-get update failed; trying the install anyway"
    # No service starts: the packages' own daemons are not wanted (policy-rc.d-less containers start none).
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The replicas must run the API of this checkout (the tests' client is compiled from it too): package it,
# unless the caller just did (.ci/run, after its verify) and says so with HIREFLOW_SKIP_BUILD=1.
if [[ "${HIREFLOW_SKIP_BUILD:-}" != 1 || ! -f api/target/quarkus-app/quarkus-run.jar ]]; then
    ./mvnw -B -o -q package -DskipTests -pl client,api
fi

# A fresh cluster each run: nothing left from an earlier one.
docker/cluster/cluster.sh clean >/dev/null
docker/cluster/cluster.sh start

echo "running io.hireflow.api.cluster.*Test (log: target/ci/cluster-tests.log)"
status=0
./mvnw -B -o test -pl client,api -Dtest='io.hireflow.api.cluster.*Test' -Dsurefire.failIfNoSpecifiedTests=false \
    >"$LOG" 2>&1 || status=$?
grep -E '^\[(INFO|WARNING|ERROR)\] (Tests run:|Failures:|Tests in error)|^(replica killed|writer killed|restore|history load):|^hireflow: [0-9]+ tests? skipped:|^ +[0-9]+ × ' "$LOG" || true
if ((status != 0)); then
    tail -n 60 "$LOG"
    docker/cluster/cluster.sh status || true
    exit "$status"
fi
# A cluster test that skipped here did not run: that is a failure of this step.
if grep -q '^hireflow: [0-9]* tests\? skipped:' "$LOG"; then
    echo "cluster tests skipped although the cluster runs"
    exit 1
fi
