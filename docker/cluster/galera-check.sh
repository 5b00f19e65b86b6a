#!/bin/sh
# HAProxy external check of a Galera node: up only when it can take writes now, i.e. in the primary
# component, wsrep ready, and Synced (4) -- or Donor/Desynced (2), which a non-blocking mariabackup state
# transfer leaves fully writable. A bare mysql-check would pass a node that is still joining.
# HAProxy calls it with: proxy address, proxy port, server address, server port.
# Optional environment: GALERA_CHECK_USER (check), GALERA_CHECK_PASSWORD (none).
state="$(timeout 3 mariadb --no-defaults --protocol=tcp -h "$3" -P "$4" -u "${GALERA_CHECK_USER:-check}" \
    ${GALERA_CHECK_PASSWORD:+-p"$GALERA_CHECK_PASSWORD"} --skip-ssl --connect-timeout=2 -N -B -e \
    "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY VARIABLE_NAME SEPARATOR ' ') FROM information_schema.GLOBAL_STATUS
     WHERE VARIABLE_NAME IN ('WSREP_CLUSTER_STATUS', 'WSREP_LOCAL_STATE', 'WSREP_READY')" 2>/dev/null)" || exit 1
case "$state" in
    "Primary 4 ON" | "Primary 2 ON") exit 0 ;;
    *) exit 1 ;;
esac
