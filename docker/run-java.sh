#!/bin/sh
# Entrypoint of the hireflow api and client images.
#
# Secrets arrive as files (compose mounts them under /run/secrets); the applications read plain
# environment variables. For every QUARKUS_*_FILE or HIREFLOW_*_FILE=<path> this exports the
# variable without the _FILE suffix set to the file's content, so compose.yaml only ever names
# files, never a password or token. Only those two prefixes: other *_FILE variables
# (SSL_CERT_FILE, ...) mean a file to the programs that read them.
# Then it runs the image's jar ($APP_JAR) with $JAVA_OPTS and the container's arguments.
set -eu

for file_var in $(env | sed -n 's/^\(\(QUARKUS\|HIREFLOW\)_[A-Z0-9_]*\)_FILE=.*/\1/p'); do
    path="$(printenv "${file_var}_FILE")"
    if [ ! -r "$path" ]; then
        echo "run-java: ${file_var}_FILE points at $path, which is not readable" >&2
        exit 64
    fi
    # Trailing newlines are not part of a secret.
    value="$(cat "$path")"
    export "$file_var=$value"
    unset "${file_var}_FILE"
done

# shellcheck disable=SC2086 # JAVA_OPTS holds several flags on purpose
exec java ${JAVA_OPTS:-} -jar "${APP_JAR:?APP_JAR is not set}" "$@"
