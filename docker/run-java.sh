#!/bin/sh
# Entrypoint of the hireflow api and client images: runs the image's jar ($APP_JAR) with $JAVA_OPTS and
# the container's arguments.
#
# Secrets stay files: the programs read the files named by *_FILE variables themselves (the API through
# io.hireflow.api.config.SecretFilesConfigSourceFactory, the client through --token-file), so no password or
# token is ever exported into the environment, where /proc/1/environ and `docker inspect` would show it.
set -eu

# shellcheck disable=SC2086 # JAVA_OPTS holds several flags on purpose
exec java ${JAVA_OPTS:-} -jar "${APP_JAR:?APP_JAR is not set}" "$@"
