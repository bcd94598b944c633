#!/usr/bin/env bash
# Build the NFP container images on this machine, without any registry.
#
#   nfp/base  Debian bookworm minbase made by mmdebstrap from the Debian
#             mirror this machine's apt uses, piped into `docker import`.
#   nfp/web   deploy/images/web/Dockerfile, FROM the local nfp/base.
#   nfp/iperf3  deploy/images/iperf3/Dockerfile: nfp/base plus Debian's iperf3
#             (the VPN bench's hosts).
#   nfp/configurator  deploy/images/configurator/Dockerfile: the configurator, published
#             self-contained into the directory by its ./prepare script first.
#
# Usage:  deploy/images/build.sh [--force] [IMAGE...]
#   IMAGE   nfp/base, nfp/web (or base, web); default: all the stack's, base
#           first (not nfp/iperf3, which only the VPN bench uses: name it).
#   --force rebuild the named images even when present.
#
# An image is built only when it is missing, so a second run just checks
# (about a second). A Dockerfile image is also rebuilt when the nfp/base it
# was built on has been replaced, or its directory changed. Images that a
# named image is built FROM are built first when missing. Prints one line per
# image: what it did and how long it took. Tool output goes to
# /var/log/nfp/images.log (or $TMPDIR/images.log when that is not writable).
# Needs docker (deploy/bootstrap.sh) and, for nfp/base, mmdebstrap and apt
# access to the Debian mirror; never pulls from a container registry.
set -Eeuo pipefail

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
readonly HERE

readonly SUITE=bookworm
# busybox: sh, nc (-l listens), wget, httpd, env, sleep, ... as applets;
# iproute2: `ip`; the others: the real ping, ps/top/pkill and netcat.
readonly BASE_PACKAGES=(busybox iproute2 iputils-ping procps netcat-openbsd)
# Commands the finished nfp/base must have; checked before it is tagged.
readonly BASE_COMMANDS=(busybox ip ping ps nc env sleep hostname nfp-init)
# Every image this script knows, in build order (dependencies first).
readonly ALL_IMAGES=(nfp/base nfp/web nfp/iperf3 nfp/agent nfp/haproxy nfp/iptables-fw nfp/strongswan-vpn nfp/configurator)
readonly TAG=latest
readonly MERGED_USR_HOOK=/usr/share/mmdebstrap/hooks/merged-usr
# Bookworm's docker.io client (as deploy/bootstrap.sh); DOCKER=... overrides.
DOCKER=${DOCKER:-$(command -v /usr/bin/docker || command -v docker || echo docker)}
readonly DOCKER
LOG_DIR=/var/log/nfp
{ mkdir -p "$LOG_DIR" && [[ -w $LOG_DIR ]]; } 2>/dev/null || LOG_DIR=${TMPDIR:-/tmp}
readonly LOG=$LOG_DIR/images.log
readonly LOCK=/tmp/nfp-images.lock
readonly LABEL_CONTEXT=nfp.images.context   # hash of a Dockerfile directory

FORCE=
declare -A WANTED=()   # images named on the command line

say() { printf '%s\n' "$*"; }
die() { printf 'build.sh: FAILED: %s\n' "$*" >&2; exit 1; }
trap 'die "unexpected error in ${FUNCNAME[0]:-main} (line $LINENO); see $LOG"' ERR

usage() { sed -n '2,/^set -E/{/^#/s/^# \{0,1\}//p}' "${BASH_SOURCE[0]}"; }

# Microseconds since the epoch, and "12.3s" since such a time.
now_us() { local t=${EPOCHREALTIME/[.,]/}; printf '%s' "$((10#$t))"; }
since() { local d=$(($(now_us) - $1)); printf '%d.%01ds' "$((d / 1000000))" "$((d % 1000000 / 100000))"; }

# log_header TEXT: starts this build's part of the log (LOG_START: its line).
LOG_START=1
log_header() {
    LOG_START=$(($( (wc -l <"$LOG") 2>/dev/null || echo 0) + 1))
    printf '==== %s %s\n' "$(date -Is)" "$*" >>"$LOG"
}

# For a failure message: the error lines of this build's log (apt's and
# mmdebstrap's "E:"), or else its last lines.
log_tail() {
    local part errors
    local -a lines
    part=$(tail -n "+$LOG_START" "$LOG")
    errors=$(grep -E '^E: |[Ee]rror' <<<"$part" | head -n 12 || true)
    [[ -n $errors ]] || errors=$(tail -n 15 <<<"$part")
    mapfile -t lines <<<"$errors"
    printf '    %s\n' "${lines[@]}" >&2
}

image_id() { "$DOCKER" image inspect -f '{{.Id}}' "$1" 2>/dev/null; }
short_id() { local id=${1#sha256:}; printf '%s' "${id:0:12}"; }
image_size() {
    local bytes
    bytes=$("$DOCKER" image inspect -f '{{.Size}}' "$1")
    awk -v b="$bytes" 'BEGIN { printf "%.1fMB", b / 1e6 }'
}

# Remove the image an update replaced, unless something still uses it (a
# container, another tag, an image built FROM it: then docker refuses, and
# removing that child later prunes it).
drop_replaced() {
    local old=$1 new=$2
    [[ -n $old && $old != "$new" ]] || return 0
    "$DOCKER" image rm "$old" >>"$LOG" 2>&1 || true
}

# --- the Debian mirror -----------------------------------------------------

# "URI SUITE" for every enabled binary ("deb") source of the machine's apt
# that has the main component, from one-line .list and deb822 .sources files.
apt_entries() {
    local f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [[ -r $f ]] || continue
        awk '{ sub(/#.*/, "") }
             $1 == "deb" {
                 i = 2
                 if ($i ~ /^\[/) { while (i < NF && $i !~ /\]$/) i++; i++ }
                 for (j = i + 2; j <= NF; j++) if ($j == "main") { print $i, $(i + 1); break }
             }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [[ -r $f ]] || continue
        awk 'function flush(   nu, ns, a, b, u, s) {
                 if (f["types"] ~ /(^| )deb( |$)/ && f["components"] ~ /(^| )main( |$)/ &&
                     tolower(f["enabled"]) != "no") {
                     nu = split(f["uris"], u, " "); ns = split(f["suites"], s, " ")
                     for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++) print u[a], s[b]
                 }
                 delete f; key = ""
             }
             /^[ \t]*#/ { next }
             /^[ \t]*$/ { flush(); next }
             /^[ \t]/ { if (key != "") f[key] = f[key] " " $0; next }
             { key = tolower(substr($0, 1, index($0, ":") - 1))
               f[key] = substr($0, index($0, ":") + 1) }
             END { flush() }' "$f"
    done
}

# Sets MIRROR_ARGS to mmdebstrap's MIRROR arguments: the machine's own Debian
# mirror for $SUITE, plus its $SUITE-updates and $SUITE-security sources when
# it has them. Empty when the machine has none: mmdebstrap's default mirror
# (which adds updates and security for a stable release by itself).
MIRROR_ARGS=()
MIRROR_NOTE=
find_mirror() {
    local entries main updates security
    entries=$(apt_entries | awk '{ sub(/\/+$/, "", $1); print $1, $2 }')
    pick() { awk -v want="$1" '$2 == want { print $1; exit }' <<<"$entries"; }
    main=$(pick "$SUITE")
    # A machine on another release: its Debian archive, by path.
    [[ -n $main ]] || main=$(awk '$1 ~ /\/debian$/ { print $1; exit }' <<<"$entries")
    if [[ -z $main ]]; then
        MIRROR_ARGS=()
        MIRROR_NOTE="mmdebstrap's default mirror"
        return
    fi
    updates=$(pick "$SUITE-updates")
    security=$(pick "$SUITE-security")
    [[ -n $security ]] || security=$(awk '$1 ~ /\/debian-security$/ { print $1; exit }' <<<"$entries")
    MIRROR_ARGS=("$main")
    MIRROR_NOTE=$main
    if [[ -n $updates ]]; then
        MIRROR_ARGS+=("deb $updates $SUITE-updates main")
    fi
    if [[ -n $security ]]; then
        MIRROR_ARGS+=("deb $security $SUITE-security main")
        MIRROR_NOTE+=" + security"
    fi
}

# --- nfp/base ----------------------------------------------------------------

# Where mmdebstrap unpacks its chroot (~300 MB of small files, deleted
# afterwards): $TMPDIR when set, else /dev/shm when it is an exec-able tmpfs
# with room, which builds in about 25 s instead of 40 s on /tmp (ext4).
scratch_dir() {
    local shm=/dev/shm mount free_kb
    if [[ -n ${TMPDIR:-} ]]; then
        printf '%s' "$TMPDIR"
        return
    fi
    mount=$(findmnt -no FSTYPE,OPTIONS --target "$shm" 2>/dev/null || true)
    free_kb=$(df -Pk "$shm" 2>/dev/null | awk 'NR == 2 { print $4 }' || true)
    if [[ $mount == tmpfs* && $mount != *noexec* && -w $shm && ${free_kb:-0} -gt 1048576 ]]; then
        printf '%s' "$shm"
    else
        printf '/tmp'
    fi
}

build_base() {
    local ref=$1 id include
    command -v mmdebstrap >/dev/null || die "$ref: mmdebstrap is missing (run deploy/bootstrap.sh)"
    find_mirror
    include=$(IFS=,; printf '%s' "${BASE_PACKAGES[*]}")
    # shellcheck disable=SC2016  # "$1" (the chroot) is for the hooks' shell
    local -a mmdebstrap=(
        mmdebstrap --variant=minbase --components=main --include="$include"
        # Kept in the image (/etc/{apt/apt.conf.d,dpkg/dpkg.cfg.d}/99mmdebstrap),
        # so packages a derived image installs stay small too.
        --aptopt='Acquire::Languages "none"'
        --aptopt='APT::Install-Recommends "false"'
        --dpkgopt='path-exclude=/usr/share/doc/*'
        --dpkgopt='path-include=/usr/share/doc/*/copyright'
        --dpkgopt='path-exclude=/usr/share/man/*'
        --dpkgopt='path-exclude=/usr/share/info/*'
        --dpkgopt='path-exclude=/usr/share/locale/*'
        --dpkgopt='path-include=/usr/share/locale/locale.alias'
        --dpkgopt='path-exclude=/usr/share/lintian/*'
        # mmdebstrap already drops apt's lists and caches (its cleanup step).
        --customize-hook="install -D -m 0755 $(printf %q "$HERE/base/nfp-init") \"\$1/usr/local/sbin/nfp-init\""
        # The build host's name and resolver must not end up in the image
        # (docker mounts its own), nor dpkg's and debconf's backups.
        --customize-hook='rm -f "$1"/var/cache/debconf/*-old "$1"/var/lib/dpkg/*-old'
        --customize-hook=': >"$1/etc/resolv.conf"; echo localhost >"$1/etc/hostname"'
        "$SUITE" - "${MIRROR_ARGS[@]}"
    )
    # init-system-helpers depends on "usrmerge | usr-is-merged"; apt picks
    # usrmerge, which drags in perl (+50 MB). This hook makes the /usr merge
    # itself and installs the empty usr-is-merged instead.
    if [[ -d $MERGED_USR_HOOK ]]; then
        mmdebstrap=("${mmdebstrap[0]}" --hook-dir="$MERGED_USR_HOOK" "${mmdebstrap[@]:1}")
    fi
    log_header "$ref: ${mmdebstrap[*]}"
    # docker's /dev is its own: no device nodes in the image. The import is
    # untagged, so a failed or cut-short mmdebstrap never becomes $ref.
    if ! id=$(TMPDIR=$(scratch_dir) "${mmdebstrap[@]}" 2>>"$LOG" \
            | mmtarfilter --path-exclude='/dev/*' 2>>"$LOG" \
            | "$DOCKER" import \
                --message "nfp/base: mmdebstrap $SUITE minbase + $include" \
                --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
                --change 'CMD ["/usr/local/sbin/nfp-init"]' \
                - 2>>"$LOG"); then
        [[ -z ${id:-} ]] || "$DOCKER" image rm "$id" >>"$LOG" 2>&1 || true
        log_tail
        die "$ref: mmdebstrap | docker import failed (mirror: $MIRROR_NOTE); see $LOG"
    fi
    # Check the commands NFP relies on before the image gets its name.
    # shellcheck disable=SC2016  # the script runs in the container's sh
    if ! "$DOCKER" run --rm --network none "$id" \
            sh -c 'for c; do command -v "$c" >/dev/null || { echo "missing: $c"; exit 1; }; done; ip addr >/dev/null' \
            sh "${BASE_COMMANDS[@]}" >>"$LOG" 2>&1; then
        "$DOCKER" image rm "$id" >>"$LOG" 2>&1 || true
        log_tail
        die "$ref: the new image lacks a command NFP needs; see $LOG"
    fi
    "$DOCKER" tag "$id" "$ref"
    BUILT_NOTE="from $MIRROR_NOTE"
}

# --- Dockerfile images ---------------------------------------------------------

# Hash of a build context: its file names and contents.
context_hash() {
    (cd "$1" && find . -type f -print0 | LC_ALL=C sort -z \
        | xargs -0 sha256sum | sha256sum | cut -c1-16)
}

# The image named on the FROM line of a Dockerfile.
dockerfile_base() { awk 'toupper($1) == "FROM" { print $2; exit }' "$1/Dockerfile"; }

# Why a present Dockerfile image must be rebuilt, or nothing.
dockerfile_stale() {
    local ref=$1 dir=$2 from layers from_layers label
    from=$(dockerfile_base "$dir")
    layers=$("$DOCKER" image inspect -f '{{join .RootFS.Layers " "}}|{{index .Config.Labels "'"$LABEL_CONTEXT"'"}}' "$ref")
    label=${layers#*|}
    layers=${layers%%|*}
    from_layers=$("$DOCKER" image inspect -f '{{join .RootFS.Layers " "}}' "$from" 2>/dev/null || true)
    if [[ -z $from_layers || $layers != "$from_layers"* ]]; then
        printf '%s changed' "$from"
    elif [[ $label != "$(context_hash "$dir")" ]]; then
        printf '%s changed' "${dir#"$(dirname "$(dirname "$HERE")")/"}"
    fi
}

build_dockerfile() {
    local ref=$1 dir=$2
    local -a cache=()
    # --force: every step again, not docker's layer cache.
    [[ -z $FORCE ]] || cache=(--no-cache)
    log_header "$ref: docker build $dir"
    # The classic builder takes FROM from the local images and, with
    # --pull=false, never asks a registry. BuildKit (what a newer client's
    # `docker build` means when buildx is installed) may look FROM up in a
    # registry, which does not answer here.
    if ! DOCKER_BUILDKIT=0 "$DOCKER" build --pull=false --force-rm "${cache[@]}" \
            --label "$LABEL_CONTEXT=$(context_hash "$dir")" -t "$ref" "$dir" >>"$LOG" 2>&1; then
        log_tail
        die "$ref: docker build $dir failed; see $LOG"
    fi
    BUILT_NOTE="FROM $(dockerfile_base "$dir")"
}

# --- driver --------------------------------------------------------------------

image_dir() { printf '%s/%s' "$HERE" "${1#nfp/}"; }

# ensure IMAGE: build it if missing (or forced, or stale); one line of output.
BUILT_NOTE=
ensure() {
    local name=$1 ref=$1:$TAG dir start old why=
    dir=$(image_dir "$name")
    start=$(now_us)
    old=$(image_id "$ref" || true)
    # An image whose context is made (a published program) makes it first: the context hash then
    # tells whether the image is stale.
    if [[ -x $dir/prepare ]]; then
        log_header "$ref: $dir/prepare"
        "$dir/prepare" >>"$LOG" 2>&1 || { log_tail; die "$ref: $dir/prepare failed; see $LOG"; }
    fi
    if [[ -n $old && ! ( -n $FORCE && -n ${WANTED[$name]:-} ) ]]; then
        [[ -f $dir/Dockerfile ]] && why=$(dockerfile_stale "$ref" "$dir")
        if [[ -z $why ]]; then
            say "$name: present ($(short_id "$old"), $(image_size "$ref"), checked in $(since "$start"))"
            return
        fi
    fi
    if [[ -f $dir/Dockerfile ]]; then
        build_dockerfile "$ref" "$dir"
    else
        "build_${name#nfp/}" "$ref"
    fi
    local new verb=built
    new=$(image_id "$ref")
    [[ -z $old ]] || verb=rebuilt
    [[ -z $why ]] || verb="rebuilt ($why)"
    drop_replaced "$old" "$new"
    say "$name: $verb in $(since "$start") ($(short_id "$new"), $(image_size "$ref"), $BUILT_NOTE)"
}

main() {
    local arg name
    for arg in "$@"; do
        case $arg in
            -f | --force) FORCE=1 ;;
            -h | --help) usage; exit 0 ;;
            -*) usage >&2; die "unknown option: $arg" ;;
            *)
                name=${arg%:"$TAG"}
                name=nfp/${name#nfp/}
                [[ " ${ALL_IMAGES[*]} " == *" $name "* ]] \
                    || die "unknown image: $arg (known: ${ALL_IMAGES[*]})"
                WANTED[$name]=1
                ;;
        esac
    done
    if ((${#WANTED[@]} == 0)); then
        for name in "${ALL_IMAGES[@]}"; do
            [[ $name == nfp/iperf3 ]] || WANTED[$name]=1
        done
    fi
    "$DOCKER" info >/dev/null 2>&1 || die "docker does not answer (run deploy/bootstrap.sh)"
    # One build at a time; a run that waited here finds the images present.
    exec {lock_fd}>"$LOCK"
    flock "$lock_fd"
    # In build order; an image's FROM (when one of ours) comes first, and is
    # built when missing even if not named. --force applies to named ones.
    local -a todo=()
    for name in "${ALL_IMAGES[@]}"; do
        if [[ -n ${WANTED[$name]:-} ]] || needed_by_wanted "$name"; then
            todo+=("$name")
        fi
    done
    for name in "${todo[@]}"; do
        ensure "$name"
    done
}

# Is NAME the FROM of a wanted Dockerfile image (directly or indirectly)?
needed_by_wanted() {
    local name=$1 other dir from
    for other in "${ALL_IMAGES[@]}"; do
        dir=$(image_dir "$other")
        [[ -f $dir/Dockerfile ]] || continue
        from=$(dockerfile_base "$dir")
        from=${from%:*}
        [[ $from == "$name" ]] || continue
        if [[ -n ${WANTED[$other]:-} ]] || needed_by_wanted "$other"; then
            return 0
        fi
    done
    return 1
}

main "$@"
