#!/usr/bin/env bash
# The main job: bring the NFP stack up on this machine and report its health.
# Today that is: the real services (deploy/bootstrap.sh), a release build of the Network Service
# Manager, the manager started in the background (it applies the database migrations as it starts),
# and its /healthz. deploy/down.sh stops what this started.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

readonly MANAGER_URL=${NFP_MANAGER_URL:-http://127.0.0.1:9797}
readonly RUN_DIR=/run/nfp
readonly LOG_DIR=/var/log/nfp
readonly ARTIFACTS=artifacts

step() { printf '==> %s\n' "$*"; }

step "bootstrap: PostgreSQL, RabbitMQ, Docker"
deploy/bootstrap.sh

step "build: publishing the manager (Release) to $ARTIFACTS/manager"
dotnet publish NetworkServiceManager/Nfp.NetworkServiceManager -c Release -o "$ARTIFACTS/manager" --nologo -v quiet -clp:NoSummary

step "manager: starting on $MANAGER_URL (log $LOG_DIR/manager.log)"
mkdir -p "$RUN_DIR" "$LOG_DIR"
if [ -f "$RUN_DIR/manager.pid" ] && kill -0 "$(cat "$RUN_DIR/manager.pid")" 2>/dev/null; then
    kill "$(cat "$RUN_DIR/manager.pid")"
    while kill -0 "$(cat "$RUN_DIR/manager.pid")" 2>/dev/null; do sleep 0.2; done
fi
(
    set -a
    # shellcheck disable=SC1091  # written by bootstrap.sh
    . /etc/nfp/nfp.env
    set +a
    exec setsid dotnet "$ARTIFACTS/manager/Nfp.NetworkServiceManager.dll" --urls "$MANAGER_URL" \
        >>"$LOG_DIR/manager.log" 2>&1 </dev/null
) &
echo $! >"$RUN_DIR/manager.pid"

step "manager: waiting for $MANAGER_URL/healthz"
for _ in $(seq 1 60); do
    if health=$(curl -fsS "$MANAGER_URL/healthz" 2>/dev/null); then
        printf '%s\n' "$health"
        step "NFP is up: manager pid $(cat "$RUN_DIR/manager.pid"), $MANAGER_URL"
        exit 0
    fi
    kill -0 "$(cat "$RUN_DIR/manager.pid")" 2>/dev/null || break
    sleep 1
done
printf 'manager did not become healthy; last lines of %s:\n' "$LOG_DIR/manager.log" >&2
tail -n 20 "$LOG_DIR/manager.log" >&2
exit 1
