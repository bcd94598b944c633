#!/usr/bin/env bash
# Bootstrap the NFP runtime dependencies on a Debian 12 (bookworm) machine
# without systemd: PostgreSQL 15, RabbitMQ and Docker, plus the nfp database
# role/database and RabbitMQ vhost/user the services and tests log in with,
# and a RabbitMQ user of each NFP component (deploy/rabbitmq-user.sh); clang, the linker the nfp CLI's
# ahead-of-time build needs, and tcpdump, with which the VPN tests see ESP on the wire.
#
# Idempotent: installs only what is missing, starts only what is not running,
# creates only what does not exist. Prints one line per part. The passwords
# are generated on the first run and kept only in /etc/nfp/nfp.env and
# /etc/nfp/rabbitmq-COMPONENT.env (each 0600, root's).
#
# Usage (as root):  deploy/bootstrap.sh
# Then:             set -a; . /etc/nfp/nfp.env; set +a
set -Eeuo pipefail

# Root may run us with a minimal PATH; the daemons live in the sbin dirs.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

readonly PG_VERSION=15
readonly PG_CLUSTER=main
readonly PG_PORT=5432
readonly PG_MAX_CONNECTIONS=300
readonly ENV_DIR=/etc/nfp
readonly ENV_FILE=$ENV_DIR/nfp.env
readonly LOG_DIR=/var/log/nfp
readonly LOG=$LOG_DIR/bootstrap.log   # output of apt and of the admin tools
readonly WAIT_SECONDS=60
readonly CONTAINERD_SOCKET=/run/containerd/containerd.sock
# Debian's client, matching the 20.10 daemon (API 1.41). The newer client in
# /usr/local/bin (v28) also works: it negotiates down to 1.41 by itself, so
# DOCKER_API_VERSION is not needed. Using /usr/bin/docker just avoids
# depending on a binary that a fresh machine does not have.
readonly DOCKER=/usr/bin/docker
readonly HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The NFP components that talk to RabbitMQ, each as its own user nfp-COMPONENT.
readonly MQ_COMPONENTS=(manager node-driver configurator-agent)

PG_PASSWORD=
MQ_PASSWORD=

say() { printf '%s\n' "$*"; }
die() { printf 'bootstrap: FAILED: %s\n' "$*" >&2; exit 1; }
# Any step without its own message still says where it stopped.
trap 'die "unexpected error in ${FUNCNAME[0]:-main} (line $LINENO); see $LOG"' ERR

# join ITEMS...: "a, b, c" for the one-line summaries.
join() { local IFS=,; say "$*" | sed 's/,/, /g'; }

# wait_for PART LOGFILE CMD...: poll CMD once a second until it succeeds.
wait_for() {
    local part=$1 logfile=$2 i
    shift 2
    for ((i = 0; i < WAIT_SECONDS; i++)); do
        "$@" >/dev/null 2>&1 && return 0
        sleep 1
    done
    die "$part did not answer within ${WAIT_SECONDS}s; see $logfile"
}

# start_bg LOGFILE CMD...: start a daemon detached from this script (own
# session, no stdin), appending its output to LOGFILE. There is no systemd.
start_bg() {
    local logfile=$1
    shift
    setsid "$@" >>"$logfile" 2>&1 </dev/null &
}

# psql as the postgres superuser over the local socket (peer auth).
pg_sql() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -d postgres "$@" 2>>"$LOG"; }

# Can nfp log in the way the application does (TCP, scram)?
pg_nfp_login_works() {
    PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=5 \
        psql -X -q -w -h 127.0.0.1 -p "$PG_PORT" -U nfp -d nfp -c 'SELECT 1' >/dev/null 2>&1
}

ensure_packages() {
    local -a wanted=(postgresql rabbitmq-server docker.io mmdebstrap
                     iptables iproute2 openssl ca-certificates xz-utils curl jq python3-pika clang tcpdump)
    local -a missing=()
    local pkg policy=/usr/sbin/policy-rc.d own_policy=''
    for pkg in "${wanted[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -qx 'install ok installed' \
            || missing+=("$pkg")
    done
    if ((${#missing[@]} == 0)); then
        say "packages: all present"
        return
    fi

    # The packages' maintainer scripts would start the daemons through their
    # init scripts, with other options and log files. Forbid that during the
    # install (policy-rc.d(8)); the start_* functions below start them.
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy"
        chmod 0755 "$policy"
        own_policy=1
        trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    fi
    # Only touch the network when something really has to be installed.
    export DEBIAN_FRONTEND=noninteractive
    apt-get -q update >>"$LOG" 2>&1 || die "packages: apt-get update failed; see $LOG"
    apt-get -q -y install --no-install-recommends "${missing[@]}" >>"$LOG" 2>&1 \
        || die "packages: apt-get install ${missing[*]} failed; see $LOG"
    if [[ $own_policy ]]; then
        rm -f "$policy"
        trap - EXIT
    fi
    say "packages: installed $(join "${missing[@]}")"
}

# Reuse the passwords of an existing env file, otherwise generate new ones.
load_passwords() {
    if [[ -f $ENV_FILE ]]; then
        PG_PASSWORD=$(sed -n "s/^ConnectionStrings__Postgres='.*;Password=\([^;']*\).*/\1/p" "$ENV_FILE")
        MQ_PASSWORD=$(sed -n "s|^ConnectionStrings__RabbitMq='amqp://nfp:\([^@]*\)@.*|\1|p" "$ENV_FILE")
    fi
    # Hex only: safe in a connection string, a URI, SQL and shell quotes.
    [[ -n $PG_PASSWORD ]] || PG_PASSWORD=$(openssl rand -hex 16)
    [[ -n $MQ_PASSWORD ]] || MQ_PASSWORD=$(openssl rand -hex 16)
}

# Runs before any role or user gets a password, so that a password never
# exists only inside a database. Single quotes keep the ';' sourceable.
# SSL Mode=Disable: PostgreSQL is on loopback, and Debian's cluster has
# ssl = on (a snakeoil certificate), which Npgsql takes when offered: every
# round trip was encrypted for nothing (SslStream was a sixth of the manager's
# CPU in the chain bench, docs/benchmarks.md).
write_env() {
    local content="ConnectionStrings__Postgres='Host=127.0.0.1;Port=$PG_PORT;Database=nfp;Username=nfp;SSL Mode=Disable;Password=$PG_PASSWORD'
ConnectionStrings__RabbitMq='amqp://nfp:$MQ_PASSWORD@127.0.0.1:5672/nfp'"
    install -d -m 0700 "$ENV_DIR"
    if [[ -f $ENV_FILE && $(<"$ENV_FILE") == "$content" ]]; then
        chmod 0600 "$ENV_FILE"
        say "env: unchanged ($ENV_FILE)"
        return
    fi
    (umask 077 && printf '%s\n' "$content" >"$ENV_FILE.tmp")
    mv -f "$ENV_FILE.tmp" "$ENV_FILE"
    say "env: written ($ENV_FILE)"
}

start_postgres() {
    local conf=/etc/postgresql/$PG_VERSION/$PG_CLUSTER
    local logfile=$LOG_DIR/postgres.log created='' port
    if [[ ! -d $conf ]]; then
        pg_createcluster "$PG_VERSION" "$PG_CLUSTER" >>"$LOG" 2>&1 \
            || die "postgres: pg_createcluster $PG_VERSION $PG_CLUSTER failed; see $LOG"
        created="cluster created, "
    fi
    # The package gives a new cluster the next free port when 5432 is taken
    # (e.g. by another cluster); the connection string needs this one on 5432.
    port=$(pg_lsclusters -h "$PG_VERSION" "$PG_CLUSTER" | awk '{print $3}')
    [[ $port == "$PG_PORT" ]] \
        || die "postgres: cluster $PG_VERSION/$PG_CLUSTER is configured for port $port, not $PG_PORT; see $conf/postgresql.conf"
    # pg_ctlcluster takes the log file from this symlink (pg_ctlcluster(1));
    # running as root it would create a missing one only as user postgres.
    [[ -e $logfile ]] || install -m 0640 -o postgres -g postgres /dev/null "$logfile"
    [[ $(readlink "$conf/log" || true) == "$logfile" ]] || ln -sfn "$logfile" "$conf/log"

    # The connection budget (docs/architecture.md): every NFP pool is bounded,
    # and the server takes several managers, popd and the test hosts at once.
    local settings=$conf/conf.d/nfp.conf
    local wanted="max_connections = $PG_MAX_CONNECTIONS"
    [[ -f $settings && $(<"$settings") == "$wanted" ]] || printf '%s\n' "$wanted" >"$settings"

    # status/start see through a postmaster.pid left by a kill -9, even when
    # its PID now belongs to another process ("Removed stale pid file").
    if pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
        wait_for postgres "$logfile" pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
        if [[ $(pg_sql -tA -c 'SHOW max_connections') == "$PG_MAX_CONNECTIONS" ]]; then
            say "postgres: ${created}already running ($PG_VERSION/$PG_CLUSTER)"
            return
        fi
        # max_connections is read only at start: the daemons' pools reconnect.
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart -m fast >>"$LOG" 2>&1 \
            || die "postgres: pg_ctlcluster $PG_VERSION $PG_CLUSTER restart failed; see $logfile and $LOG"
        wait_for postgres "$logfile" pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
        say "postgres: restarted for $wanted ($PG_VERSION/$PG_CLUSTER)"
        return
    fi
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >>"$LOG" 2>&1 \
        || die "postgres: pg_ctlcluster $PG_VERSION $PG_CLUSTER start failed; see $logfile and $LOG"
    wait_for postgres "$logfile" pg_isready -q -h 127.0.0.1 -p "$PG_PORT"
    say "postgres: ${created}started ($PG_VERSION/$PG_CLUSTER)"
}

ensure_nfp_database() {
    local -a did=()
    if [[ -z $(pg_sql -tA -c "SELECT 1 FROM pg_roles WHERE rolname = 'nfp'") ]]; then
        pg_sql -c 'CREATE ROLE nfp LOGIN CREATEDB' >>"$LOG"
        did+=("role created")
    elif [[ -z $(pg_sql -tA -c "SELECT 1 FROM pg_roles WHERE rolname = 'nfp' AND rolcanlogin AND rolcreatedb") ]]; then
        # Tests create and drop a database per test class.
        pg_sql -c 'ALTER ROLE nfp LOGIN CREATEDB' >>"$LOG"
        did+=("role granted LOGIN CREATEDB")
    fi
    if [[ -z $(pg_sql -tA -c "SELECT 1 FROM pg_database WHERE datname = 'nfp'") ]]; then
        pg_sql -c 'CREATE DATABASE nfp OWNER nfp' >>"$LOG"
        did+=("database created")
    fi
    # Only re-set the password when logging in with it fails (new role, or a
    # database that was wiped or set up by hand). The SQL goes through stdin
    # so the password never shows in a process list.
    if ! pg_nfp_login_works; then
        pg_sql >>"$LOG" <<<"ALTER ROLE nfp PASSWORD '$PG_PASSWORD';"
        pg_nfp_login_works \
            || die "postgres: nfp cannot log in on 127.0.0.1:$PG_PORT (check pg_hba.conf); see $LOG_DIR/postgres.log"
        did+=("password set")
    fi
    if ((${#did[@]} == 0)); then
        say "nfp database: already present"
    else
        say "nfp database: $(join "${did[@]}")"
    fi
}

# Whether something listens on TCP port $1 at an address other than loopback.
listens_beyond_loopback() {
    ss -Hltn "sport = :$1" 2>/dev/null | awk '{ print $4 }' | grep -qvE '^(127\.0\.0\.1|\[::1\]):'
}

start_rabbitmq() {
    local logfile=$LOG_DIR/rabbitmq.log
    # Without a live process there is nothing to wait for: start right away.
    # Stale leftovers of a killed node (its pid file in the mnesia dir, its
    # epmd registration, which epmd drops when the node's connection closes)
    # do not block a new start. A node started before the Erlang distribution
    # was kept on loopback (epmd 4369, the node's 25672 on every address) is
    # stopped and started again so.
    if pgrep -u rabbitmq -x beam.smp >/dev/null; then
        if ! listens_beyond_loopback 4369 && ! listens_beyond_loopback 25672; then
            wait_for rabbitmq "$logfile" rabbitmq-diagnostics -q check_running
            say "rabbitmq: already running"
            return
        fi
        rabbitmqctl -q stop >>"$LOG" 2>&1 || pkill -u rabbitmq -x beam.smp || true
        pkill -x epmd || true
        while pgrep -u rabbitmq -x beam.smp >/dev/null || pgrep -x epmd >/dev/null; do sleep 0.2; done
        say "rabbitmq: stopped (its Erlang ports listened beyond loopback)"
    fi
    # The node is called rabbit@<hostname>; it cannot start if that name
    # does not resolve.
    getent hosts "$(hostname)" >/dev/null \
        || die "rabbitmq: hostname '$(hostname)' does not resolve (add it to /etc/hosts)"
    # Debian's wrapper switches to the rabbitmq user (su) and runs the server
    # in the foreground; RABBITMQ_LOGS=- sends its log to stdout, i.e. our log
    # file. AMQP listens on loopback only, and so does the Erlang distribution:
    # epmd (4369) and the node's own port (25672), which a tenant's container
    # could otherwise reach to learn the node's name.
    # epmd is started first, on loopback (the server's wrapper would start it
    # on every address: the environment it is given does not reach it).
    pgrep -x epmd >/dev/null || runuser -u rabbitmq -- epmd -address 127.0.0.1 -daemon
    RABBITMQ_LOGS=- RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}' \
        start_bg "$logfile" /usr/sbin/rabbitmq-server
    # Not "ping": that answers as soon as the Erlang node is up, seconds
    # before the broker app has booted and accepts rabbitmqctl commands.
    wait_for rabbitmq "$logfile" rabbitmq-diagnostics -q check_running
    say "rabbitmq: started"
}

ensure_nfp_vhost() {
    local -a did=()
    local perms vhosts users
    # rabbitmqctl costs about a second per call, so one call answers the
    # usual case: the user exists and has full permissions on the vhost.
    # (It fails when the user does not exist.)
    perms=$(rabbitmqctl -s list_user_permissions nfp 2>/dev/null || true)
    if ! grep -qxF $'nfp\t.*\t.*\t.*' <<<"$perms"; then
        vhosts=$(rabbitmqctl -s list_vhosts 2>>"$LOG")
        users=$(rabbitmqctl -s list_users 2>>"$LOG" | cut -f1)
        if ! grep -qx nfp <<<"$vhosts"; then
            rabbitmqctl -s add_vhost nfp >>"$LOG" 2>&1
            did+=("vhost created")
        fi
        if ! grep -qx nfp <<<"$users"; then
            # Without a password argument rabbitmqctl reads it from stdin,
            # which keeps it out of the process list.
            printf '%s\n' "$MQ_PASSWORD" | rabbitmqctl -s add_user nfp >>"$LOG" 2>&1
            did+=("user created")
        fi
        rabbitmqctl -s set_permissions -p nfp nfp '.*' '.*' '.*' >>"$LOG" 2>&1
        did+=("permissions set")
    fi
    if ! printf '%s\n' "$MQ_PASSWORD" | rabbitmqctl -s authenticate_user nfp >/dev/null 2>&1; then
        printf '%s\n' "$MQ_PASSWORD" | rabbitmqctl -s change_password nfp >>"$LOG" 2>&1
        did+=("password set")
    fi
    # No guest: its well-known password would let anyone on the machine in.
    if rabbitmqctl -s list_users 2>>"$LOG" | cut -f1 | grep -qx guest; then
        rabbitmqctl -s delete_user guest >>"$LOG" 2>&1
        did+=("guest deleted")
    fi
    if ((${#did[@]} == 0)); then
        say "nfp vhost: already present"
    else
        say "nfp vhost: $(join "${did[@]}")"
    fi
}

# Each component's own RabbitMQ user (nfp-manager, nfp-node-driver, nfp-configurator-agent), allowed
# only the queues and exchanges it uses under the queue prefix nfp (deploy/rabbitmq-user.sh says which),
# and its connection string in $ENV_DIR/rabbitmq-COMPONENT.env: deploy/up.sh starts each daemon with its
# own, and the node driver's is for the operator's node drivers (docs/rpc.md). The user nfp of nfp.env
# may do anything on the vhost: the tests, the benches and the operator log in with it, no daemon does.
ensure_component_users() {
    local component file password content names
    local -a did=()
    for component in "${MQ_COMPONENTS[@]}"; do
        file=$ENV_DIR/rabbitmq-$component.env
        password=$(sed -n "s|^ConnectionStrings__RabbitMq='amqp://nfp-$component:\([^@]*\)@.*|\1|p" "$file" 2>/dev/null || true)
        [[ -n $password ]] || password=$(openssl rand -hex 16)
        # Written before the user gets the password, as write_env does.
        content="ConnectionStrings__RabbitMq='amqp://nfp-$component:$password@127.0.0.1:5672/nfp'"
        if [[ ! -f $file || $(<"$file") != "$content" ]]; then
            (umask 077 && printf '%s\n' "$content" >"$file.tmp")
            mv -f "$file.tmp" "$file"
            did+=("$file written")
        fi
        chmod 0600 "$file"
        printf '%s\n' "$password" | "$HERE/rabbitmq-user.sh" "$component" "nfp-$component" nfp nfp >>"$LOG" 2>&1 \
            || die "rabbitmq: user nfp-$component could not be made; see $LOG"
    done
    names=$(printf 'nfp-%s, ' "${MQ_COMPONENTS[@]}")
    if ((${#did[@]} == 0)); then
        say "rabbitmq users: ${names%, } as wanted"
    else
        say "rabbitmq users: ${names%, } as wanted; $(join "${did[@]}")"
    fi
}

start_docker() {
    local -a did=()
    local driver api pid
    # dockerd runs on a separately started containerd (as Debian's service
    # units do), so each has its own log and a restart of one keeps the other.
    if ! ctr --address "$CONTAINERD_SOCKET" --connect-timeout 2s version >/dev/null 2>&1; then
        start_bg "$LOG_DIR/containerd.log" containerd
        wait_for containerd "$LOG_DIR/containerd.log" \
            ctr --address "$CONTAINERD_SOCKET" --connect-timeout 1s version
        did+=("containerd started")
    fi
    if ! "$DOCKER" info >/dev/null 2>&1; then
        if ! pgrep -x dockerd >/dev/null; then
            # A kill -9 leaves /var/run/docker.pid behind; dockerd refuses to
            # start while that PID is alive, even as an unrelated process.
            pid=$(cat /var/run/docker.pid 2>/dev/null || true)
            if [[ -n $pid && $(cat "/proc/$pid/comm" 2>/dev/null || true) != dockerd ]]; then
                rm -f /var/run/docker.pid
            fi
            # Defaults work on this VM: storage driver overlay2 (on ext4) and
            # Debian's default iptables-nft backend, both checked by running a
            # container on a user-defined bridge network.
            start_bg "$LOG_DIR/dockerd.log" dockerd --containerd="$CONTAINERD_SOCKET"
            did+=("dockerd started")
        fi
        wait_for docker "$LOG_DIR/dockerd.log" "$DOCKER" info
    fi
    # Pop's tenant networks are Docker "internal" bridges, whose isolation rules drop a frame even
    # within the bridge when its source or destination address is outside the subnet. A service chain
    # sends exactly such frames through its gateway devices (a consumer to the VIP via the firewall),
    # as on a Neutron network; so frames bridged within one network are accepted first (DOCKER-USER
    # is the chain Docker keeps for this). Traffic between networks is routed, not bridged: Docker's
    # isolation of networks from each other and from the outside stays as it is.
    if ! iptables -C DOCKER-USER -m physdev --physdev-is-bridged -j ACCEPT 2>/dev/null; then
        iptables -I DOCKER-USER -m physdev --physdev-is-bridged -j ACCEPT
        did+=("bridged frames accepted in DOCKER-USER")
    fi
    driver=$("$DOCKER" info --format '{{.Driver}}')
    api=$("$DOCKER" version --format '{{.Server.APIVersion}}')
    if ((${#did[@]} == 0)); then
        say "docker: already running (storage $driver, API $api)"
    else
        say "docker: $(join "${did[@]}") (storage $driver, API $api)"
    fi
}

main() {
    local started=$SECONDS
    [[ $(id -u) -eq 0 ]] || die "must run as root"
    install -d -m 0755 "$LOG_DIR"
    ensure_packages
    load_passwords
    write_env
    start_postgres
    ensure_nfp_database
    start_rabbitmq
    ensure_nfp_vhost
    ensure_component_users
    start_docker
    say "bootstrap: ready in $((SECONDS - started))s (env: $ENV_FILE)"
}

main "$@"
