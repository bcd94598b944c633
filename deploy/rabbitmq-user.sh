#!/usr/bin/env bash
# Make (or bring up to date) the RabbitMQ user of one NFP component, allowed only the queues and
# exchanges that component uses under one queue prefix (the manager's Rpc:QueuePrefix). The password
# comes on stdin, so that it never shows in a process list. deploy/bootstrap.sh makes the users of
# prefix "nfp" with it; the integration tests (Broker/ComponentUserTests) make their own with it, so
# that what is tested is what is deployed.
#
# Usage (as root):  printf '%s\n' "$PASSWORD" | deploy/rabbitmq-user.sh COMPONENT USER [PREFIX [VHOST]]
#                   deploy/rabbitmq-user.sh --permissions COMPONENT [PREFIX]   (prints the three regexes)
# COMPONENT: manager | node-driver | configurator-agent.
#
# A RabbitMQ permission is three regular expressions over resource names, each a queue's or an
# exchange's alike (docs/architecture.md, "RabbitMQ users"): configure (declare, delete), write
# (publish to an exchange; bind to a queue or to a destination exchange) and read (consume from a queue;
# bind from an exchange). Publishing through the default exchange is a write on "amq.default", and
# reaches every queue by its name: only the manager may, to answer a request's reply_to. Consuming from
# RabbitMQ's direct reply-to (amq.rabbitmq.reply-to) needs no permission.
set -Eeuo pipefail
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# The node-driver RPC queues (Schema/Nfp.Schema/Rpc/RpcQueues.cs), without the prefix.
readonly RPCS='create-network-service|update-network-service|delete-network-service|retry-network-service|failover-network-service|failover-nsd|get-network-service|get-network-services|policy-target-added|policy-target-removed|consumer-ptg-added|consumer-ptg-removed|chain-parameters-updated'

die() { printf 'rabbitmq-user: %s\n' "$*" >&2; exit 1; }

# permissions COMPONENT PREFIX: the configure, write and read regexes, one a line.
permissions() {
    local component=$1 p
    # The prefix is a word of letters, digits and '-' (it names queues): nothing to escape in a regex.
    [[ $2 =~ ^[A-Za-z0-9-]+$ ]] || die "prefix '$2' is not letters, digits and '-'"
    p=$2
    case $component in
    manager)
        # Its queues and their exchanges (the RPCs, its workers', the configurator's notifications, and
        # their _error and _skipped), its own reply queue ($p-manager-*), the configurator agent's queue
        # (declared and bound when it sends to it, so that a call waits for an agent not yet up), and
        # the node drivers' reply exchanges, which it declares to answer there. It reads its own, not the
        # node drivers' replies; it writes to the default exchange to answer a request's reply_to.
        printf '%s\n' "^$p-.+\$" "^($p-.+|amq\\.default)\$" "^$p-(?!node-driver-).+\$"
        ;;
    node-driver)
        # Its reply queue and that queue's exchange ($p-node-driver-*), and the RPCs' exchanges, which it
        # publishes to and, with MassTransit, declares (non-passively: a configure, which is by name and
        # so would let it delete the RPC's queue too; it may delete every service by RPC anyway). It reads
        # only its replies: never a queue of the manager's.
        printf '%s\n' "^$p-($RPCS|node-driver-.+)\$" "^$p-($RPCS|node-driver-.+)\$" "^$p-node-driver-.+\$"
        ;;
    configurator-agent)
        # Its queue (and its _error and _skipped), the manager's notification queue's exchange, which it
        # sends refusals to (and declares, as above), and the manager's reply queues ($p-manager-*), where
        # it answers pulls. It reads only its own queue.
        printf '%s\n' "^$p-(configurator-proxy(_error|_skipped)?|configurator-notification|manager-.+)\$" \
            "^$p-(configurator-proxy(_error|_skipped)?|configurator-notification|manager-.+)\$" \
            "^$p-configurator-proxy(_error|_skipped)?\$"
        ;;
    *) die "unknown component '$component' (manager, node-driver, configurator-agent)" ;;
    esac
}

main() {
    if [[ ${1:-} == --permissions ]]; then
        permissions "${2:?component}" "${3:-nfp}"
        return
    fi
    local component=${1:?component} user=${2:?user} prefix=${3:-nfp} vhost=${4:-nfp} password
    local -a wanted
    mapfile -t wanted < <(permissions "$component" "$prefix")
    IFS= read -r password || die "no password on stdin"
    [[ -n $password ]] || die "empty password"
    # rabbitmqctl costs about half a second a call: two answer the usual case (all as wanted already).
    # authenticate_user fails when the user does not exist, as when its password is another.
    if ! printf '%s\n' "$password" | rabbitmqctl -s authenticate_user "$user" >/dev/null 2>&1; then
        if rabbitmqctl -s list_users | cut -f1 | grep -qxF "$user"; then
            printf '%s\n' "$password" | rabbitmqctl -s change_password "$user" >/dev/null
        else
            printf '%s\n' "$password" | rabbitmqctl -s add_user "$user" >/dev/null
        fi
    fi
    if [[ $(rabbitmqctl -s list_user_permissions "$user" | grep "^$vhost"$'\t' || true) != "$vhost"$'\t'"${wanted[0]}"$'\t'"${wanted[1]}"$'\t'"${wanted[2]}" ]]; then
        rabbitmqctl -s set_permissions -p "$vhost" "$user" "${wanted[@]}" >/dev/null
    fi
}

main "$@"
