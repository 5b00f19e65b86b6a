#!/usr/bin/env bash
# Tests ./up.sh's native mode from the outside, as a new user meets it (issue #13), on a copy of the
# checkout under /tmp that reuses the jars already built (./mvnw -B package or verify first):
#   - the README's story, run command by command after ./up.sh, gives the exit codes the README shows and
#     leaves no new file in the checkout; ./up.sh names the token's file, never the token;
#   - ./up.sh down + ./up.sh keeps every row, with the checkout (and so the database) under /tmp;
#   - a program that takes the port while the API starts (answering 200 to everything) makes ./up.sh fail
#     with the API's log tail, never "API ready";
#   - after a native start, a Docker engine that appeared meanwhile (a fake `docker` answering `docker info`)
#     does not stop ./up.sh down from stopping the native processes;
#   - a busy port's message suggests a port that is free.
# Bounded: every ./up.sh call has a timeout; everything it starts is stopped on exit (trap), and the copy
# is removed. Ports: UP_SH_TEST_PORT (default 18560) to +4, and +50 for the embedded database.
#
#   bash .ci/up-sh-test.sh
set -euo pipefail

SOURCE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE_PORT="${UP_SH_TEST_PORT:-18560}"
STEP_TIMEOUT="${UP_SH_TEST_STEP_TIMEOUT:-300}"
API_JAR="api/target/quarkus-app/quarkus-run.jar"
CLIENT_JAR="client/target/hireflow-client.jar"

WORK="$(mktemp -d /tmp/hireflow-up-sh-test.XXXXXX)"
CHECKOUT="$WORK/hireflow"
HOLDERS=()
STARTED=$SECONDS

say() { printf '\n--- %s (%ss)\n' "$*" "$((SECONDS - STARTED))"; }
fail() {
    printf 'up.sh test FAILED: %s\n' "$*" >&2
    exit 1
}

cleanup() {
    local status=$? pid
    trap - EXIT INT TERM
    for pid in "${HOLDERS[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [[ -f "$CHECKOUT/.hireflow/api.pid" ]] || [[ -n "$(ours_left)" ]]; then
        (cd "$CHECKOUT" && HIREFLOW_MODE=native HIREFLOW_PORT="$BASE_PORT" timeout 90 ./up.sh down >/dev/null 2>&1) || true
    fi
    for pid in $(ours_left | awk '{print $1}'); do kill -KILL "$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Processes of the copy: its API jar or the embedded server of its data dir.
ours_left() {
    ps -eo pid=,args= | while read -r pid args; do
        case " $args " in
            *" $CHECKOUT/$API_JAR "* | *" --datadir=$CHECKOUT/.hireflow/db "*) echo "$pid $args" ;;
        esac
    done
}

# Runs ./up.sh in the copy, natively, on the test's ports, bounded in time.
up() {
    (cd "$CHECKOUT" && HIREFLOW_MODE="${MODE-native}" HIREFLOW_PORT="${PORT:-$BASE_PORT}" \
        HIREFLOW_EMBEDDED_DB_PORT=$((BASE_PORT + 50)) HIREFLOW_SKIP_BUILD=1 timeout "$STEP_TIMEOUT" ./up.sh "$@")
}

# A listener on $1 that answers 200 to every request (or only holds the port with "hold").
foreign_listener() {
    python3 - "$1" "${2:-answer}" <<'PY' &
import http.server, socket, sys, time
port, mode = int(sys.argv[1]), sys.argv[2]
if mode == "hold":
    s = socket.socket(); s.bind(("127.0.0.1", port)); s.listen(); time.sleep(600)
class Yes(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Type", "application/json"); self.end_headers()
        self.wfile.write(b'{"status":"UP"}')
    do_POST = do_GET
    def log_message(self, *args): pass
http.server.HTTPServer(("127.0.0.1", port), Yes).serve_forever()
PY
    HOLDERS+=("$!")
    local tries=50
    until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
        ((tries-- > 0)) || fail "the foreign listener on port $1 did not start"
        sleep 0.1
    done
}

employees() {
    curl -fsS -H "Authorization: Bearer $(cat "$CHECKOUT/secrets/api_token")" "http://127.0.0.1:$BASE_PORT/tables" \
        | python3 -c 'import json, sys; print(next(t["rows"] for t in json.load(sys.stdin) if t["name"] == "employees"))'
}

# ------------------------------------------------------------------ a copy of the checkout under /tmp
say "copy of the checkout in $CHECKOUT (jars reused)"
for jar in "$API_JAR" "$CLIENT_JAR"; do
    [[ -f "$SOURCE/$jar" ]] || fail "$jar is missing: build first (./mvnw -B package -DskipTests)"
done
mkdir -p "$CHECKOUT"
# The files git knows (committed or not yet), as a clone would have them, plus the built jars.
(cd "$SOURCE" && git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf -) | tar -xf - -C "$CHECKOUT"
mkdir -p "$CHECKOUT/api/target" "$CHECKOUT/client/target"
cp -r "$SOURCE/api/target/quarkus-app" "$CHECKOUT/api/target/"
cp "$SOURCE/$CLIENT_JAR" "$CHECKOUT/$CLIENT_JAR"
git -C "$CHECKOUT" init -q
git -C "$CHECKOUT" add -A
git -C "$CHECKOUT" -c user.name=ci -c user.email=ci@localhost commit -q -m copy
export XDG_STATE_HOME="$WORK/state"

# ------------------------------------------------------------------ first run, the story, restart
say "./up.sh (native, with the demo)"
out="$(up 2>&1)" || { printf '%s\n' "$out"; fail "./up.sh failed"; }
printf '%s\n' "$out" | tail -n 12
grep -q "admin token in: secrets/api_token" <<<"$out" || fail "./up.sh does not say where the token is"
if grep -qF "$(cat "$CHECKOUT/secrets/api_token")" <<<"$out"; then fail "./up.sh printed the token itself"; fi
grep -q "http://localhost:$BASE_PORT" <<<"$out" || fail "./up.sh does not give the API's address"

say "the README's story, command by command, after ./up.sh"
# The story's fenced bash block: each command runs as written, in order, in one shell; a command whose
# comment says "exit N" must end with N, every other one with 0.
story="$(awk '/^## The story/ {on = 1} on && /^```bash$/ {block = 1; next} block && /^```$/ {exit} block' \
    "$CHECKOUT/README.md")"
[[ -n "$story" ]] || fail "no story block found in README.md"
(
    cd "$CHECKOUT"
    export HIREFLOW_API_URL="http://127.0.0.1:$BASE_PORT"
    unset HIREFLOW_LOG_DIR
    # shellcheck disable=SC2317 # called by the story's lines, through eval
    hireflow() { java -jar "$CHECKOUT/$CLIENT_JAR" "$@"; }
    while IFS= read -r line; do
        [[ -n "${line// /}" ]] || continue
        expected=0
        if [[ "$line" =~ \#.*exit\ ([0-9]+) ]]; then expected="${BASH_REMATCH[1]}"; fi
        status=0
        eval "$line" </dev/null >"$WORK/story.out" 2>&1 || status=$?
        if [[ "$status" != "$expected" ]]; then
            cat "$WORK/story.out"
            fail "story: '${line%%#*}' ended with exit $status; the README says $expected"
        fi
        echo "ok (exit $status): ${line%%  #*}"
    done <<<"$story"
)
untracked="$(git -C "$CHECKOUT" status --porcelain)"
[[ -z "$untracked" ]] || fail "the story left files in the checkout: $untracked"
compgen -G "$XDG_STATE_HOME/hireflow/logs/client-*.log" >/dev/null || fail "no client log under \$XDG_STATE_HOME"

say "./up.sh down, ./up.sh: every row kept with the data under /tmp"
before="$(employees)"
((before > 0)) || fail "no employees after the demo and the story"
up down
HIREFLOW_SKIP_DEMO=1 up >/dev/null 2>&1 || fail "the restart failed"
after="$(employees)"
echo "employees before: $before, after the restart: $after"
[[ "$after" == "$before" ]] || fail "the restart lost rows: $before before, $after after"

# ------------------------------------------------------------------ a Docker engine appears meanwhile
say "a Docker engine appears after the native start: down still stops the native processes"
mkdir -p "$WORK/bin"
cat >"$WORK/bin/docker" <<EOF
#!/usr/bin/env bash
echo "docker \$*" >>"$WORK/docker.calls"
exit 0
EOF
chmod +x "$WORK/bin/docker"
pid="$(cat "$CHECKOUT/.hireflow/api.pid")"
status_out="$(PATH="$WORK/bin:$PATH" MODE='' up status 2>&1)"
echo "$status_out"
grep -q "native API running (pid $pid)" <<<"$status_out" || fail "status asked Docker instead of the native API"
PATH="$WORK/bin:$PATH" MODE='' up down
if kill -0 "$pid" 2>/dev/null; then fail "the native API (pid $pid) still runs after down"; fi
left="$(ours_left)"
[[ -z "$left" ]] || fail "native processes left after down: $left"
if grep -q "down" "$WORK/docker.calls" 2>/dev/null; then fail "down went to Docker: $(cat "$WORK/docker.calls")"; fi

# ------------------------------------------------------------------ a foreign program takes the port
say "a program takes the port while the API starts: up.sh fails with the API's log tail"
taken=$((BASE_PORT + 1))
foreign_listener "$taken"
# What happens after the build: the API is started and waited for, the port taken meanwhile.
status=0
# shellcheck disable=SC2016 # expanded by the inner shell, after sourcing up.sh
out="$(cd "$CHECKOUT" && HIREFLOW_PORT=$taken HIREFLOW_EMBEDDED_DB_PORT=$((BASE_PORT + 50)) timeout "$STEP_TIMEOUT" \
    bash -c 'source ./up.sh; require_java; native_start; native_wait_ready "$(cat "$PID_FILE")"' 2>&1)" || status=$?
printf '%s\n' "$out" | tail -n 8
((status != 0)) || fail "up.sh took the foreign program's answers for its API"
grep -q "API ready" <<<"$out" && fail "up.sh said 'API ready' for another program's answers"
grep -q "last lines of .*api.log" <<<"$out" || fail "no API log tail in the failure"
grep -q "another program answers on port $taken" <<<"$out" || fail "the failure does not name the taken port"
[[ -z "$(ours_left)" ]] || up down >/dev/null

# ------------------------------------------------------------------ a busy port: a free one suggested
say "a busy port: the message suggests a port that is free"
busy=$((BASE_PORT + 2))
foreign_listener "$busy" hold
foreign_listener "$((busy + 1))" hold
status=0
out="$(PORT=$busy up 2>&1)" || status=$?
((status != 0)) || fail "./up.sh started on a busy port"
echo "$out" | tail -n 1
grep -q "port $busy is already in use" <<<"$out" || fail "unclear busy-port message: $out"
grep -q "HIREFLOW_PORT=$((busy + 2)) ./up.sh" <<<"$out" || fail "the suggested port is not the first free one: $out"

say "up.sh tests passed in $((SECONDS - STARTED))s"
