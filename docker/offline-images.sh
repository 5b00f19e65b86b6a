#!/usr/bin/env bash
# Builds stand-ins for the public base images from Debian packages alone, for a machine that cannot
# reach Docker Hub (or a site that wants no image it did not build). Needs root, debootstrap and a
# running Docker engine; reaches only the Debian archive.
#
#   docker/offline-images.sh            build what is missing, print the build arguments to use
#   docker/offline-images.sh --env      print only the KEY=value lines (for `export` or an .env file)
#   docker/offline-images.sh --refresh  rebuild the root file systems instead of using the cache
#
# Images:
#   hireflow-standin-java:17-bookworm   Debian 12 + OpenJDK 17 (JDK, fonts, curl): HIREFLOW_JDK_IMAGE and _JRE_IMAGE
#   hireflow-standin-mysql:sid          REAL Oracle MySQL from Debian's newest suite (sid), with the
#                                       official image's entrypoint contract (docker/offline/mysql-entrypoint.sh):
#                                       MYSQL_*_FILE, /docker-entrypoint-initdb.d, /etc/mysql/conf.d
# Both trust the host's CA bundle (/etc/ssl/certs/ca-certificates.crt), so Maven inside `docker build`
# reaches Maven Central the way the host does (an egress proxy's CA included).
# Root file systems are cached as tarballs under $HIREFLOW_CI_CACHE (~/.cache/hireflow-ci): a rerun
# only re-imports them (seconds), a fresh machine debootstraps (~5 min each).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CACHE="${HIREFLOW_CI_CACHE:-$HOME/.cache/hireflow-ci}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
JAVA_IMAGE=hireflow-standin-java:17-bookworm
MYSQL_IMAGE=hireflow-standin-mysql:sid
HOST_CA=/etc/ssl/certs/ca-certificates.crt
# Bumped when a recipe below changes, so a cached tarball of an older recipe is not reused.
RECIPE=2

say() { printf 'offline-images: %s\n' "$*" >&2; }
die() {
    printf 'offline-images: error: %s\n' "$*" >&2
    exit 1
}

refresh=0 env_only=0
for arg in "$@"; do
    case "$arg" in
        --refresh) refresh=1 ;;
        --env) env_only=1 ;;
        -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) die "unknown argument '$arg' (see --help)" ;;
    esac
done

print_env() {
    echo "HIREFLOW_JDK_IMAGE=$JAVA_IMAGE"
    echo "HIREFLOW_JRE_IMAGE=$JAVA_IMAGE"
    echo "HIREFLOW_DB_BASE_IMAGE=$MYSQL_IMAGE"
}

[[ "$(id -u)" == 0 ]] || die "debootstrap and chroot need root"
command -v debootstrap >/dev/null || die "debootstrap is missing: apt-get install debootstrap"
docker info >/dev/null 2>&1 || die "no Docker engine answers ('docker info' fails)"
[[ -s "$HOST_CA" ]] || die "no CA bundle at $HOST_CA"
mkdir -p "$CACHE"

# The host's CA bundle, one certificate a file, into a root's local CA folder; update-ca-certificates
# in the root then adds them to its own bundle and (ca-certificates-java) to the JDK's trust store.
trust_host_cas() {
    local root="$1"
    mkdir -p "$root/usr/local/share/ca-certificates/host"
    awk -v dir="$root/usr/local/share/ca-certificates/host" '
        /-----BEGIN CERTIFICATE-----/ { n++; file = sprintf("%s/host-%03d.crt", dir, n) }
        file { print > file }
        /-----END CERTIFICATE-----/ { close(file); file = "" }' "$HOST_CA"
    chroot "$root" update-ca-certificates >/dev/null 2>&1 || die "update-ca-certificates failed in $root"
}

# Runs $2 in a fresh debootstrapped root of suite $1, then tars it to the cache as $3.
build_root() {
    local suite="$1" recipe="$2" tarball="$3" root
    root="$(mktemp -d "$CACHE/root.XXXXXX")"
    # shellcheck disable=SC2064 # the path is fixed now
    trap "umount -l '$root/proc' 2>/dev/null || true; rm -rf '$root'" RETURN
    say "debootstrap $suite into $root (a few minutes)"
    debootstrap --variant=minbase --include=ca-certificates "$suite" "$root" "$MIRROR" \
        >"$CACHE/debootstrap-$suite.log" 2>&1 || die "debootstrap $suite failed (log: $CACHE/debootstrap-$suite.log)"
    # Nothing installed in the root may start a service on the host.
    printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
    chmod +x "$root/usr/sbin/policy-rc.d"
    mount -t proc proc "$root/proc"
    "$recipe" "$root" >"$CACHE/recipe-$suite.log" 2>&1 || die "installing packages in the $suite root failed (log: $CACHE/recipe-$suite.log)"
    trust_host_cas "$root"
    umount -l "$root/proc"
    rm -f "$root/usr/sbin/policy-rc.d"
    rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
    tar --numeric-owner -C "$root" -cf "$tarball.tmp" .
    mv "$tarball.tmp" "$tarball"
}

java_recipe() {
    local root="$1"
    chroot "$root" apt-get update -qq
    # The JDK builds with the Maven wrapper; fonts and fontconfig render XChart's charts; curl is the healthcheck.
    DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends \
        openjdk-17-jdk-headless ca-certificates-java fontconfig fonts-dejavu-core curl
}

mysql_recipe() {
    local root="$1"
    chroot "$root" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive chroot "$root" apt-get install -y -qq --no-install-recommends \
        mysql-server mysql-client
    # The package's own settings would keep the server on loopback and its log in a file; a container
    # listens on its network and logs to stderr, like the official image.
    # Debian moves the port to 3307 (to live beside MariaDB); a container has it to itself.
    rm -f "$root"/etc/mysql/mysql.conf.d/99-port-backoff.cnf
    sed -i -e '/^\s*bind-address/d' -e '/^\s*mysqlx-bind-address/d' -e '/^\s*log[-_]error/d' \
        "$root"/etc/mysql/mysql.conf.d/*.cnf 2>/dev/null || true
    mkdir -p "$root/etc/mysql/conf.d" "$root/docker-entrypoint-initdb.d"
    grep -q '^!includedir /etc/mysql/conf.d' "$root/etc/mysql/my.cnf" \
        || echo '!includedir /etc/mysql/conf.d/' >>"$root/etc/mysql/my.cnf"
    # The data directory starts empty: the entrypoint initialises it on the first start, as the official one.
    rm -rf "$root"/var/lib/mysql/* "$root"/var/lib/mysql-files/*
    install -m 0755 "$HERE/offline/mysql-entrypoint.sh" "$root/usr/local/bin/docker-entrypoint.sh"
}

# Imports the cached root of $1 as image $2 with the given Dockerfile instructions.
import_image() {
    local tarball="$1" image="$2"
    shift 2
    local changes=() change
    for change in "$@"; do changes+=(--change "$change"); done
    say "importing $image from ${tarball/#$HOME/\~}"
    docker import "${changes[@]}" "$tarball" "$image" >/dev/null
}

ensure_image() {
    local image="$1" suite="$2" recipe="$3" tarball="$CACHE/$4-r$RECIPE.tar"
    shift 4
    if ((refresh == 0)) && docker image inspect "$image" >/dev/null 2>&1; then
        say "$image present"
        return 0
    fi
    if ((refresh == 1)) || [[ ! -s "$tarball" ]]; then
        build_root "$suite" "$recipe" "$tarball"
    fi
    import_image "$tarball" "$image" "$@"
}

ensure_image "$JAVA_IMAGE" bookworm java_recipe java-bookworm \
    'ENV LANG=C.UTF-8 JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    'CMD ["/bin/bash"]'
ensure_image "$MYSQL_IMAGE" sid mysql_recipe mysql-sid \
    'ENV LANG=C.UTF-8' \
    'VOLUME /var/lib/mysql' \
    'EXPOSE 3306' \
    'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    'CMD ["mysqld"]'

if ((env_only)); then
    print_env
else
    say "stand-in base images ready; build hireflow on them with:"
    print_env | sed 's/^/  export /' >&2
    say "  ./up.sh   (compose.yaml passes HIREFLOW_JDK_IMAGE, HIREFLOW_JRE_IMAGE and HIREFLOW_DB_BASE_IMAGE to the builds)"
fi
