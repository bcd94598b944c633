# What the demos (deploy/demo-chain.sh, deploy/demo-vpn.sh) share, sourced by them: the stack's settings
# and credentials, the nfp CLI, and a demo tenant's services made and deleted through the manager.
# DEMO_TENANT must be set before create_service and delete_services are called.

step() { printf '==> %s\n' "$*"; }

readonly MANAGER_URL=${NFP_MANAGER_URL:-http://127.0.0.1:9797}
set -a
# shellcheck disable=SC1091  # written by bootstrap.sh and up.sh
. /etc/nfp/nfp.env
. /etc/nfp/popd.env
set +a
export POP_HOST="http://${NFP_POPD_LISTEN:-127.0.0.1:60000}"
nfp() { artifacts/Nfp.Cli/nfp "$@"; }

# container_of NAME: the Docker name of popd's container NAME (popd names it {pop name}.{name}).
container_of() { docker ps --format '{{.Names}}' | grep -x ".*\.$1" | head -n 1; }

# create_service NAME ARGS...: nfp service create for the demo tenant, waiting until the service is ACTIVE;
# the CLI prints each orchestration step the manager runs as it is recorded (its --wait), on stderr, here
# each line under the service's name. Fails unless the service is then ACTIVE.
create_service() {
    local name=$1 started=$SECONDS service
    shift
    service=$(nfp service create --tenant "$DEMO_TENANT" --name "$name" "$@" --wait --timeout 180 -f json \
        2> >(sed -u "s/^network service/    $name: network service/" >&2))
    printf '    %s is %s after %d s\n' "$name" "$(jq -r .network_service.provisioning_status <<<"$service")" $((SECONDS - started))
}

# delete_services: every service of the demo tenant that is not DELETED, deleted through the manager (its
# device goes with it), when the manager answers.
delete_services() {
    local id
    curl -fsS "$MANAGER_URL/healthz" >/dev/null 2>&1 || return 0
    for id in $(nfp service list --tenant "$DEMO_TENANT" -f json | jq -r '.[] | select(.provisioning_status != "DELETED") | .id'); do
        step "demo: deleting network service $id (its device goes with it)"
        nfp service delete "$id" --wait --timeout 120 >/dev/null
    done
}

# delete_containers NAME...: each of popd's containers NAME that is there, deleted.
delete_containers() {
    local name
    for name in "$@"; do
        nfp pop delete "$name" >/dev/null 2>&1 && echo "demo: container $name deleted"
    done
    return 0
}

# delete_networks NAME...: each of popd's networks NAME that is there, deleted.
delete_networks() {
    local name
    for name in "$@"; do
        nfp pop network delete "$name" >/dev/null 2>&1 && echo "demo: network $name deleted"
    done
    return 0
}
