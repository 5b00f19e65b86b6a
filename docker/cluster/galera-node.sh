#!/bin/bash
# Entrypoint of a compose Galera node: the official MariaDB entrypoint, plus --wsrep-new-cluster when this
# node must start the cluster: the bootstrap node's first start (no grastate.dat yet), or any node whose
# grastate.dat says it is safe to bootstrap (it was the last to stop). Every other start joins the others.
set -euo pipefail
state=/var/lib/mysql/grastate.dat
extra=()
if [[ "${HIREFLOW_GALERA_BOOTSTRAP:-0}" == 1 && ! -f "$state" ]] || grep -q '^safe_to_bootstrap: 1' "$state" 2>/dev/null; then
    extra=(--wsrep-new-cluster)
fi
# mariabackup state transfers authenticate as root over the socket.
exec docker-entrypoint.sh mariadbd --wsrep_node_name="$(hostname)" --wsrep_sst_auth="root:$(cat "$MARIADB_ROOT_PASSWORD_FILE")" "${extra[@]}" "$@"
