#!/usr/bin/env bash
# The demo chain of the main job, on the stack deploy/up.sh started:
#
#   consumer container ──demo-consumer──▶ firewall (vendor iptables) ──demo-transit──▶ VIP: load balancer
#   (vendor haproxy) ──demo-provider──▶ demo-web1, demo-web2 (nfp/web: each answers with its own name)
#
# The tenant networks, the backends and the consumer are made through popd with the nfp CLI; the two
# network services are created through the manager (nfp service create --wait, over its REST API with
# the admin token of /etc/nfp/operator.env), which makes, plugs and configures their devices; each
# create's orchestration steps are shown as they run. It ends with the services' status table and proof of traffic: GETs on
# the VIP from the consumer, answered by both backends, and a port the firewall denies, refused.
#
#   deploy/demo-chain.sh up     render the chain (what an earlier demo left is removed first)
#   deploy/demo-chain.sh down   delete the services through the manager, then the containers and networks
#
# The addresses are fixed, in 10.79.0.0/16 (the tests use 10.77/16 and 10.78/16); NFP_DEMO_NET changes
# the first two octets.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

readonly NET=${NFP_DEMO_NET:-10.79}
# The demo's tenant: fixed, so that `down` finds what `up` made.
readonly DEMO_TENANT=00000000-0000-4000-8000-00000000de70
readonly CONSUMER_CIDR=$NET.1.0/24 TRANSIT_CIDR=$NET.2.0/24 PROVIDER_CIDR=$NET.3.0/24
readonly FW_CONSUMER_IP=$NET.1.10 FW_TRANSIT_IP=$NET.2.10 VIP=$NET.2.20 CONSUMER_IP=$NET.1.200
readonly WEBS=(demo-web1=$NET.3.201 demo-web2=$NET.3.202)
readonly DENIED_PORT=8080
# shellcheck source=deploy/demo-lib.sh
. deploy/demo-lib.sh

in_consumer() { docker exec "$(container_of demo-consumer)" "$@"; }

down() {
    delete_services
    delete_containers demo-consumer "${WEBS[@]%%=*}"
    delete_networks demo-consumer demo-transit demo-provider
}

up() {
    down
    step "demo: tenant networks through popd: demo-consumer $CONSUMER_CIDR, demo-transit $TRANSIT_CIDR, demo-provider $PROVIDER_CIDR"
    nfp pop network create demo-consumer --ipv4 "$CONSUMER_CIDR" >/dev/null
    nfp pop network create demo-transit --ipv4 "$TRANSIT_CIDR" >/dev/null
    nfp pop network create demo-provider --ipv4 "$PROVIDER_CIDR" >/dev/null

    step "demo: backends ${WEBS[*]} (nfp/web) and the consumer $CONSUMER_IP, its route to $TRANSIT_CIDR through the firewall"
    local web members=()
    for web in "${WEBS[@]}"; do
        nfp pop spawn "${web%%=*}" --image nfp/web:latest --net "demo-provider=${web#*=}" >/dev/null
        members+=(--member "$web")
    done
    nfp pop spawn demo-consumer --image nfp/base:latest --net "demo-consumer=$CONSUMER_IP" --cap-add NET_ADMIN >/dev/null
    in_consumer ip route replace "$TRANSIT_CIDR" via "$FW_CONSUMER_IP"

    step "demo: firewall demo-fw (vendor iptables): HTTP from $CONSUMER_CIDR allowed, port $DENIED_PORT refused, the rest dropped"
    create_service demo-fw --type firewall --vendor iptables \
        --port "consumer:demo-consumer=$FW_CONSUMER_IP" --port "provider:demo-transit=$FW_TRANSIT_IP" \
        --config "{\"rules\": [{\"action\": \"allow\", \"protocol\": \"tcp\", \"port\": 80, \"source_cidr\": \"$CONSUMER_CIDR\"},
                               {\"action\": \"deny\", \"protocol\": \"tcp\", \"port\": $DENIED_PORT}]}"

    step "demo: load balancer demo-lb (vendor haproxy): VIP $VIP:80, round robin over ${WEBS[*]%%=*}"
    create_service demo-lb --type loadbalancer --vendor haproxy \
        --port "consumer:demo-transit=$VIP" --port "provider:demo-provider" "${members[@]}" \
        --config "{\"listener\": {\"port\": 80, \"protocol\": \"http\"},
                   \"pool\": {\"lb_method\": \"round_robin\", \"health_check\": {\"type\": \"http\", \"path\": \"/\"}},
                   \"routes\": [{\"destination\": \"$CONSUMER_CIDR\", \"nexthop\": \"$FW_TRANSIT_IP\"}]}"

    step "demo: the chain's services (both ACTIVE: create_service checked)"
    nfp service list --tenant "$DEMO_TENANT" --status ACTIVE

    step "demo: traffic from the consumer ($CONSUMER_IP) through demo-fw to the VIP"
    local i answer answers=()
    for i in 1 2 3 4 5 6; do
        # timeout, not wget -T: Debian 12's busybox (1.35) wget segfaults with -T once a response arrives.
        answer=$(in_consumer timeout 10 busybox wget -q -O- "http://$VIP/")
        printf '    GET http://%s/ -> %s\n' "$VIP" "$answer"
        answers+=("$answer")
    done
    for web in "${WEBS[@]%%=*}"; do
        printf '%s\n' "${answers[@]}" | grep -qx "$web" || { echo "demo: $web never answered through the VIP" >&2; exit 1; }
    done
    echo "    both backends answered through the VIP"
    local refused
    refused=$(in_consumer nc -zv -w 3 "$VIP" "$DENIED_PORT" 2>&1 || true)
    printf '    nc -zv %s %s -> %s\n' "$VIP" "$DENIED_PORT" "$refused"
    grep -q refused <<<"$refused" || { echo "demo: port $DENIED_PORT was not refused by the firewall" >&2; exit 1; }
    echo "    the port the firewall denies is refused"
}

case ${1:-} in
    up) up ;;
    down) down ;;
    *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
