#!/usr/bin/env bash
# Takes down what deploy/up.sh started: the demo chain and the VPN demo (their services deleted through the manager, so
# that their devices go; then its containers and networks), the manager, the configurator's agent and
# proxy, the configurator's container (deleted through popd, which frees its address) and popd. The
# services bootstrap.sh started (PostgreSQL, RabbitMQ, Docker) keep running, and the databases keep their
# state.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

stop() {
    local name=$1 pid_file=/run/nfp/$1.pid
    if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        kill "$(cat "$pid_file")"
        echo "$name: stopped (pid $(cat "$pid_file"))"
    else
        echo "$name: not running"
    fi
    rm -f "$pid_file"
}

if [ -x artifacts/Nfp.Cli/nfp ] && [ -f /etc/nfp/popd.env ]; then
    deploy/demo-chain.sh down || echo "demo: not all of it could be removed (see above)"
    deploy/demo-vpn.sh down || echo "VPN demo: not all of it could be removed (see above)"
fi
for name in manager configurator-agent configurator-proxy; do
    stop "$name"
done
if [ -x artifacts/Nfp.Cli/nfp ] && [ -f /etc/nfp/popd.env ] &&
    (set -a && . /etc/nfp/popd.env && POP_HOST="http://${NFP_POPD_LISTEN:-127.0.0.1:60000}" &&
        artifacts/Nfp.Cli/nfp pop delete nfp-configurator >/dev/null 2>&1); then
    echo "configurator: container deleted"
else
    echo "configurator: no container"
fi
stop popd
