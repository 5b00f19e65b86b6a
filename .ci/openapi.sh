#!/usr/bin/env bash
# The OpenAPI document as client authors meet it (issue #18): start the packaged API (embedded MariaDB) on a port
# of its own, lint the live /q/openapi with Spectral (spectral:oas, no error and no warning), generate a Java
# (native) and a TypeScript (typescript-fetch) client with openapi-generator 7.17.0, compile both, and run the story
# (history load, a batch with a rejected row, backup, verify, restore, both reports) through the TypeScript client.
# Nothing generated lands in the checkout's tracked files: all of it is under target/openapi-ci. Downloads (npm
# packages, the generator jar) are cached in $HIREFLOW_CI_CACHE (default ~/.cache/hireflow-ci).
# Usage: .ci/openapi.sh     (env: OPENAPI_CI_PORT, default 18780; the embedded database takes the next port)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec </dev/null

PORT="${OPENAPI_CI_PORT:-18780}"
DB_PORT=$((PORT + 1))
CACHE="${HIREFLOW_CI_CACHE:-$HOME/.cache/hireflow-ci}"
WORK="$ROOT/target/openapi-ci"
GENERATOR_VERSION=7.17.0
GENERATOR="$CACHE/tools/openapi-generator-cli-$GENERATOR_VERSION.jar"
TOOLS="$CACHE/npm-tools"
API_JAR="$ROOT/api/target/quarkus-app/quarkus-run.jar"
BASE="http://127.0.0.1:$PORT"
STARTED=$SECONDS
API_PID=

say() { printf '[openapi %ss] %s\n' "$((SECONDS - STARTED))" "$*"; }
fail() {
    printf 'OPENAPI CHECK FAILED: %s\n' "$*" >&2
    exit 1
}

# Whatever happens: the API (whose shutdown hook stops its embedded database) and, should it have died without
# running the hook, the database server of our data directory.
teardown() {
    local status=$?
    if [[ -n "$API_PID" ]] && kill -0 "$API_PID" 2>/dev/null; then
        kill "$API_PID" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$API_PID" 2>/dev/null || break; sleep 1; done
        kill -9 "$API_PID" 2>/dev/null || true
    fi
    local db
    for db in $(ps -eo pid=,args= | awk -v dir="--datadir=$WORK/db" 'index($0, dir) { print $1 }'); do
        kill "$db" 2>/dev/null || true
    done
    exit "$status"
}
trap teardown EXIT

# ------------------------------------------------------------------ tools (cached)
say "tools in $CACHE"
mkdir -p "$CACHE/tools" "$TOOLS"
if [[ ! -x "$TOOLS/node_modules/.bin/spectral" || ! -x "$TOOLS/node_modules/.bin/tsc" ]]; then
    command -v npm >/dev/null || fail "npm is needed (Node.js 18 or newer)"
    timeout 600 npm install --prefix "$TOOLS" --no-audit --no-fund --cache "$CACHE/npm-cache" \
        @stoplight/spectral-cli@6 typescript@5 >"$CACHE/npm-install.log" 2>&1 \
        || { tail -20 "$CACHE/npm-install.log"; fail "npm install of spectral-cli and typescript failed"; }
fi
if [[ ! -f "$GENERATOR" ]]; then
    timeout 600 ./mvnw -B -q dependency:copy -Dartifact="org.openapitools:openapi-generator-cli:$GENERATOR_VERSION" \
        -DoutputDirectory="$CACHE/tools" || fail "could not fetch openapi-generator-cli $GENERATOR_VERSION"
fi
echo "spectral $("$TOOLS/node_modules/.bin/spectral" --version), tsc $("$TOOLS/node_modules/.bin/tsc" --version), node $(node --version), openapi-generator $GENERATOR_VERSION"

# ------------------------------------------------------------------ the API
if [[ ! -f "$API_JAR" ]]; then
    say "building the API jar"
    timeout 1200 ./mvnw -B -q package -DskipTests -pl api -am >"$ROOT/target/openapi-ci-build.log" 2>&1 \
        || { tail -40 "$ROOT/target/openapi-ci-build.log"; fail "the API did not build"; }
fi
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then fail "port $PORT is taken; set OPENAPI_CI_PORT"; fi
rm -rf "$WORK"
mkdir -p "$WORK/shared/secrets" "$WORK/db"
ADMIN_TOKEN="openapi-ci-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$ADMIN_TOKEN" >"$WORK/shared/secrets/admin.token"
say "starting the API on $BASE (log: target/openapi-ci/api.log)"
HIREFLOW_SHARED_DIR="$WORK/shared" HIREFLOW_HISTORY_DIR="$ROOT/api/sample-history" \
    HIREFLOW_EMBEDDED_DB_DATA_DIR="$WORK/db" HIREFLOW_EMBEDDED_DB_PORT="$DB_PORT" \
    HIREFLOW_AUTH_TOKEN_FILES_ADMIN="$WORK/shared/secrets/admin.token" QUARKUS_HTTP_PORT="$PORT" \
    java -Xmx512m -jar "$API_JAR" >"$WORK/api.log" 2>&1 &
API_PID=$!
for waited in $(seq 1 180); do
    curl -fsS -o /dev/null "$BASE/q/health/ready" 2>/dev/null && break
    kill -0 "$API_PID" 2>/dev/null || { tail -40 "$WORK/api.log"; fail "the API stopped while starting"; }
    ((waited < 180)) || { tail -40 "$WORK/api.log"; fail "the API was not ready after 180 s"; }
    sleep 1
done
curl -fsS "$BASE/q/openapi?format=json" -o "$WORK/openapi.json"
say "ready; /q/openapi is $(wc -c <"$WORK/openapi.json") bytes"

# ------------------------------------------------------------------ lint
say "spectral lint (spectral:oas): no error, no warning"
printf 'extends: ["spectral:oas"]\n' >"$WORK/.spectral.yaml"
timeout 300 "$TOOLS/node_modules/.bin/spectral" lint --ruleset "$WORK/.spectral.yaml" --fail-severity=warn \
    "$WORK/openapi.json" || fail "spectral found problems in /q/openapi"

# ------------------------------------------------------------------ generated clients
generate() {
    local generator="$1" out="$2"
    mkdir -p "$(dirname "$out")"
    shift 2
    timeout 300 java -jar "$GENERATOR" generate -i "$WORK/openapi.json" -g "$generator" -o "$out" "$@" \
        >"$out.log" 2>&1 || { tail -30 "$out.log"; fail "openapi-generator $generator failed"; }
}

say "TypeScript client (typescript-fetch), compiled with the story"
generate typescript-fetch "$WORK/ts/client" --additional-properties=supportsES6=true
cp .ci/openapi/story.ts "$WORK/ts/"
cat >"$WORK/ts/tsconfig.json" <<'JSON'
{ "compilerOptions": { "target": "ES2020", "module": "commonjs", "lib": ["ES2020", "DOM"], "strict": true,
    "outDir": "dist", "skipLibCheck": true }, "include": ["story.ts", "client/**/*.ts"] }
JSON
timeout 300 "$TOOLS/node_modules/.bin/tsc" -p "$WORK/ts" || fail "the TypeScript client or the story does not compile"

say "Java client (native), compiled"
# setId (a backup's set) would clash with the fluent setter of id: the one rename the Java generator needs.
generate java "$WORK/java" --library native --name-mappings setId=backupSetId \
    --additional-properties=useJakartaEe=true,openApiNullable=false,annotationLibrary=none,apiPackage=io.hireflow.client.api,modelPackage=io.hireflow.client.model,invokerPackage=io.hireflow.client
# Its dependencies (Jackson, jakarta.annotation) are the API's own: compile against the API's classpath.
# The client module goes in the same reactor (compiled), so that api's dependency on it resolves
# on a clean machine, where hireflow-client was never installed into ~/.m2.
timeout 300 ./mvnw -B -q -pl client,api compile dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$WORK/java.classpath" >/dev/null || fail "could not resolve the API's classpath"
mapfile -t sources < <(find "$WORK/java/src/main/java" -name '*.java')
timeout 300 javac -nowarn -d "$WORK/java/classes" -cp "$(cat "$WORK/java.classpath")" "${sources[@]}" 2>&1 \
    | grep -v '^Note:' || true
[[ -f "$WORK/java/classes/io/hireflow/client/api/RowsApi.class" ]] || fail "the Java client does not compile"
echo "${#sources[@]} Java sources compiled"

# ------------------------------------------------------------------ the story
say "the story through the TypeScript client"
timeout 600 node "$WORK/ts/dist/story.js" "$BASE" "$ADMIN_TOKEN" || fail "the story failed (API log: target/openapi-ci/api.log)"
say "done"
