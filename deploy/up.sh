#!/usr/bin/env bash
# The main job: bring the NFP stack up on this machine and render a service chain on it.
# The real services (deploy/bootstrap.sh); the images (deploy/images: the devices nfp/haproxy,
# nfp/iptables-fw and nfp/strongswan-vpn, the backends nfp/web, the configurator nfp/configurator); release builds of the
# Network Service Manager, popd, the Pop lifecycle driver, the configurator proxy and the nfp CLI; popd
# started in the background and driven through the CLI (a container spawned, listed and deleted); the
# configurator in its container on popd's default network (the devices' management network), with its
# secrets as files (Pop secret metadata); the proxy (its Unix socket to that container, which it supervises) and the agent; the manager
# (migrations at start; vendors "haproxy", "iptables" and "strongswan" rendered by the Pop driver against this
# popd as nfp/haproxy, nfp/iptables-fw and nfp/strongswan-vpn devices), up when its /healthz answers; then the demo chain
# (deploy/demo-chain.sh up): consumer -> firewall -> load balancer -> two web backends, with proof of
# traffic. deploy/down.sh takes it all down again.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

readonly MANAGER_URL=${NFP_MANAGER_URL:-http://127.0.0.1:9797}
readonly POPD_LISTEN=${NFP_POPD_LISTEN:-127.0.0.1:60000}
readonly RUN_DIR=/run/nfp
readonly LOG_DIR=/var/log/nfp
readonly ARTIFACTS=artifacts
readonly POPD_CONFIG=/etc/nfp/popd.toml
# The CLI's credentials for popd: POP_AUTH=admin:<password>, written when popd's config is made.
readonly POPD_ENV=/etc/nfp/popd.env
# The device agents' secret (NFP_AGENT_SECRET): each device's own agent password is made from it and the
# device's id, by the Pop driver when it makes the device and by the configurator's vendor drivers when
# they call it (Schema/Nfp.Schema/Drivers/DeviceCredentials.cs).
readonly DEVICES_ENV=/etc/nfp/devices.env
# The operator's admin token for the manager's REST API (NFP_TOKEN, and NFP_MANAGER_URL), mode 0600: the
# manager is given only its SHA-256 (Auth:BootstrapTokenSha256); `nfp token create` makes the others.
readonly OPERATOR_ENV=/etc/nfp/operator.env
readonly CONFIGURATOR=nfp-configurator
readonly CONFIGURATOR_SOCKET=$RUN_DIR/configurator.sock
# The configurator's secrets, one file per key (mode 0700): the agents' secret for each vendor driver, its TLS
# certificate and key, the proxy certificate's pin. Given to its container as Pop secret metadata (files in
# its /run/secrets), and again by the proxy when it makes the container again.
readonly CONFIGURATOR_SECRETS=/etc/nfp/configurator
# The proxy's client certificate and key (mode 0600): the configurator answers only it (mutual TLS, pinned).
readonly PROXY_PEM=/etc/nfp/configurator-proxy.pem

# No secret is exported into this shell: each daemon is given only what it uses, by a variable set for it alone.

step() { printf '==> %s\n' "$*"; }

# start_daemon NAME CMD...: (re)start CMD in the background with /etc/nfp/nfp.env loaded, but RabbitMQ
# only as NAME's own user (/etc/nfp/rabbitmq-NAME.env, deploy/bootstrap.sh; none for a daemon without one),
# pid in $RUN_DIR/NAME.pid, output appended to $LOG_DIR/NAME.log.
start_daemon() {
    local name=$1 pid_file=$RUN_DIR/$1.pid
    shift
    mkdir -p "$RUN_DIR" "$LOG_DIR"
    if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        kill "$(cat "$pid_file")"
        while kill -0 "$(cat "$pid_file")" 2>/dev/null; do sleep 0.2; done
    fi
    (
        set -a
        # shellcheck disable=SC1091  # written by bootstrap.sh
        . /etc/nfp/nfp.env
        unset ConnectionStrings__RabbitMq
        # shellcheck disable=SC1090  # written by bootstrap.sh
        if [ -f "/etc/nfp/rabbitmq-$name.env" ]; then . "/etc/nfp/rabbitmq-$name.env"; fi
        set +a
        exec setsid "$@" >>"$LOG_DIR/$name.log" 2>&1 </dev/null
    ) &
    echo $! >"$pid_file"
}

# wait_for NAME CMD...: until CMD succeeds, or the daemon died, or 60 s passed.
wait_for() {
    local name=$1
    shift
    for _ in $(seq 1 120); do
        "$@" 2>/dev/null && return 0
        kill -0 "$(cat "$RUN_DIR/$name.pid")" 2>/dev/null || break
        sleep 0.5
    done
    printf '%s did not come up; last lines of %s:\n' "$name" "$LOG_DIR/$name.log" >&2
    tail -n 20 "$LOG_DIR/$name.log" >&2
    exit 1
}

step "bootstrap: PostgreSQL, RabbitMQ, Docker"
deploy/bootstrap.sh

step "images: nfp/base, nfp/web, nfp/agent, nfp/haproxy, nfp/iptables-fw, nfp/strongswan-vpn, nfp/configurator (built from Debian packages when missing or stale)"
deploy/images/build.sh

step "build: publishing the manager, popd, the Pop driver, the vendors' service_config schemas, the configurator proxy and nfp (Release) to $ARTIFACTS/"
for project in NetworkServiceManager/Nfp.NetworkServiceManager Drivers/Nfp.Popd Drivers/Nfp.Drivers.Pop Drivers/Nfp.Drivers.Vendors ConfiguratorProxy/Nfp.ConfiguratorProxy NodeDriver/Nfp.Cli; do
    dotnet publish "$project" -c Release -o "$ARTIFACTS/$(basename "$project")" --nologo -v quiet -clp:NoSummary
done

if ! grep -qs '^NFP_AGENT_SECRET=' "$DEVICES_ENV"; then
    step "devices: writing the device agents' secret to $DEVICES_ENV"
    (umask 077 && printf 'NFP_AGENT_SECRET=%s\n' "$(openssl rand -hex 32)" >"$DEVICES_ENV")
fi
if ! grep -qs '^NFP_TOKEN=' "$OPERATOR_ENV"; then
    step "operator: writing an admin token for the manager's REST API to $OPERATOR_ENV"
    (umask 077 && printf 'NFP_TOKEN=%s\nNFP_MANAGER_URL=%s\n' "$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=')" "$MANAGER_URL" >"$OPERATOR_ENV")
fi
agent_secret=$(sed -n 's/^NFP_AGENT_SECRET=//p' "$DEVICES_ENV")

if [ ! -f "$POPD_CONFIG" ]; then
    step "popd: writing $POPD_CONFIG with user admin (password kept in $POPD_ENV)"
    password=$(openssl rand -hex 16)
    printf '%s\n' "$password" | dotnet "$ARTIFACTS/Nfp.Popd/popd.dll" init "$POPD_CONFIG" --user admin >/dev/null
    (umask 077 && printf 'POP_AUTH=admin:%s\n' "$password" >"$POPD_ENV")
fi
step "popd: starting on $POPD_LISTEN (log $LOG_DIR/popd.log)"
start_daemon popd dotnet "$ARTIFACTS/Nfp.Popd/popd.dll" --config "$POPD_CONFIG" --listen "$POPD_LISTEN"
pop_password=$(sed -n 's/^POP_AUTH=admin://p' "$POPD_ENV")
export POP_HOST="http://$POPD_LISTEN"
# The CLI alone gets popd's credentials.
nfp() { POP_AUTH=admin:$pop_password "$ARTIFACTS/Nfp.Cli/nfp" "$@"; }
wait_for popd nfp pop networks

step "popd: spawning a container through the nfp CLI, listing it, deleting it"
# One an earlier run was killed before deleting goes first.
nfp pop delete up-check >/dev/null 2>&1 || true
nfp pop spawn up-check --image nfp/base:latest --md GREETING=hello
nfp pop servers up-check
nfp pop delete up-check

step "configurator: container $CONFIGURATOR, spawned through popd on its default network (the devices' management network)"
# Through popd, so that popd's address management knows the address it takes. Its vendor drivers
# (vendor-drivers.json in the image) reach each device agent with its own password, made from the secret.
nfp pop delete "$CONFIGURATOR" >/dev/null 2>&1 || true
# Self-signed, each pinned by the other (Configurator/Nfp.Configurator/Auth/ProxyAuthentication.cs); made once.
self_signed() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj "/CN=$1" -keyout - -out - 2>/dev/null; }
pin_of() { openssl x509 -outform DER <"$1" | sha256sum | cut -d' ' -f1; }
(
    umask 077
    mkdir -p "$CONFIGURATOR_SECRETS"
    [ -s "$PROXY_PEM" ] || self_signed nfp-configurator-proxy >"$PROXY_PEM"
    [ -s "$CONFIGURATOR_SECRETS/ConfiguratorTls__Certificate" ] || self_signed nfp-configurator >"$CONFIGURATOR_SECRETS/ConfiguratorTls__Certificate"
    pin_of "$PROXY_PEM" >"$CONFIGURATOR_SECRETS/ConfiguratorTls__ClientCertificateSha256"
    for vendor in haproxy iptables strongswan; do
        printf '%s' "$agent_secret" >"$CONFIGURATOR_SECRETS/VendorDrivers__${vendor}__Settings__AgentSecret"
    done
)
# The secrets go as files (--secrets), never on a command line or in an environment.
configurator_ip=$(nfp pop spawn "$CONFIGURATOR" --image nfp/configurator:latest -f json --secrets "$CONFIGURATOR_SECRETS" \
    | sed -n 's/^ *"address": "\([0-9.]*\)".*/\1/p' | head -n 1)
[ -n "$configurator_ip" ] || { echo "configurator: popd gave no address" >&2; exit 1; }
# /healthz alone answers without the proxy's certificate.
configurator_up() { curl -fsSk "https://$configurator_ip:8070/healthz" >/dev/null; }
for _ in $(seq 1 60); do configurator_up 2>/dev/null && break; sleep 0.5; done
configurator_up

# This machine reaches the container's bridge address, so the proxy runs here; on a host that does not,
# it runs in a container on the management network with the socket's folder mounted. The proxy
# supervises the container through popd: it forwards to it while it runs, and makes it again (same
# address, same metadata) when it dies.
step "configurator proxy: $CONFIGURATOR_SOCKET -> container $CONFIGURATOR ($configurator_ip:8070), supervised; agent on RabbitMQ (logs $LOG_DIR/configurator-{proxy,agent}.log)"
Proxy__Supervise__Password=$pop_password start_daemon configurator-proxy dotnet "$ARTIFACTS/Nfp.ConfiguratorProxy/nfp-configurator-proxy.dll" proxy \
    --Proxy:SocketPath="$CONFIGURATOR_SOCKET" --Proxy:Supervise:Pop="$POP_HOST" --Proxy:Supervise:Username=admin \
    --Proxy:Supervise:Container="$CONFIGURATOR" --Proxy:Supervise:Secrets="$CONFIGURATOR_SECRETS" \
    --Proxy:Tls:Certificate="$PROXY_PEM" --Proxy:Tls:ConfiguratorCertificateSha256="$(pin_of "$CONFIGURATOR_SECRETS/ConfiguratorTls__Certificate")"
wait_for configurator-proxy test -S "$CONFIGURATOR_SOCKET"
start_daemon configurator-agent dotnet "$ARTIFACTS/Nfp.ConfiguratorProxy/nfp-configurator-proxy.dll" agent \
    --Agent:SocketPath="$CONFIGURATOR_SOCKET"

step "manager: starting on $MANAGER_URL with the Pop driver for vendors haproxy, iptables and strongswan (log $LOG_DIR/manager.log)"
# The drivers are named by configuration, as a vendor's would be: each vendor's devices are containers
# of its image, each started with its own agent password made from the agents' secret; the popd password comes from $POPD_ENV. Each vendor's
# service_config is checked at the door with its schema, from the vendor drivers' assembly. In a subshell, so
# that the secrets exported for the manager reach no other process.
(
for vendor in haproxy:Haproxy.HaproxyServiceConfig:nfp/haproxy:latest iptables:Iptables.IptablesServiceConfig:nfp/iptables-fw:latest \
    strongswan:Strongswan.StrongswanServiceConfig:nfp/strongswan-vpn:latest; do
    name=${vendor%%:*}
    schema=${vendor#*:}
    schema=${schema%%:*}
    image=${vendor#*:*:}
    export "LifecycleDrivers__${name}__Assembly=$PWD/$ARTIFACTS/Nfp.Drivers.Pop/Nfp.Drivers.Pop.dll"
    export "LifecycleDrivers__${name}__Type=Nfp.Drivers.Pop.PopLifecycleDriver"
    export "LifecycleDrivers__${name}__ServiceConfig__Assembly=$PWD/$ARTIFACTS/Nfp.Drivers.Vendors/Nfp.Drivers.Vendors.dll"
    export "LifecycleDrivers__${name}__ServiceConfig__Type=Nfp.Drivers.Vendors.$schema"
    export "LifecycleDrivers__${name}__Settings__Image=$image"
    export "LifecycleDrivers__${name}__Settings__AgentSecret=$agent_secret"
    export "LifecycleDrivers__${name}__Settings__Address=$POP_HOST"
    export "LifecycleDrivers__${name}__Settings__Username=admin"
    export "LifecycleDrivers__${name}__Settings__Password=$pop_password"
done
Auth__BootstrapTokenSha256=$(sed -n 's/^NFP_TOKEN=//p' "$OPERATOR_ENV" | tr -d '\n' | sha256sum | cut -d' ' -f1) \
    start_daemon manager dotnet "$ARTIFACTS/Nfp.NetworkServiceManager/Nfp.NetworkServiceManager.dll" --urls "$MANAGER_URL"
)
wait_for manager curl -fsS "$MANAGER_URL/healthz"
printf '\n'

deploy/demo-chain.sh up
printf '\n'
step "NFP is up: manager $MANAGER_URL (pid $(cat "$RUN_DIR/manager.pid")), popd $POP_HOST (pid $(cat "$RUN_DIR/popd.pid")), configurator $configurator_ip:8070 behind $CONFIGURATOR_SOCKET"
