#!/usr/bin/env bash
# The VPN demo, on the stack deploy/up.sh started: two sites joined over a "public" network by two VPN
# services (vendor strongswan) created through the manager, each pointing at the other:
#
#   vpn-host-a ──vpn-site-a──▶ vpn-a ══ IPsec: ESP in UDP over vpn-public ══ vpn-b ◀──vpn-site-b── vpn-host-b
#
# The networks and the two hosts are made through popd with the nfp CLI; each service's device is made,
# plugged and configured by NFP (nfp service create --wait). Their pre-shared key is made for the run and
# reaches the CLI in a file (--config @FILE): it is never in a command line nor printed. Proof: each host
# reaches the other by its private address; a capture on vpn-public's bridge sees those packets only as ESP
# in UDP between the two gateways, and no ICMP; the device counts them on its child SA; with vpn-a's
# connection taken down by an update (admin_state_up false) nothing passes, and once it is up again it does.
#
#   deploy/demo-vpn.sh up     render the two sites (what an earlier run left is removed first)
#   deploy/demo-vpn.sh down   delete the services through the manager, then the hosts and networks
#
# The addresses are fixed, in 10.81.0.0/16 (the chain demo uses 10.79/16, the tests 10.77/16 and
# 10.78/16); NFP_DEMO_VPN_NET changes the first two octets.
set -Eeuo pipefail
cd "$(dirname "$0")/.."

readonly NET=${NFP_DEMO_VPN_NET:-10.81}
# The demo's tenant: fixed, so that `down` finds what `up` made.
readonly DEMO_TENANT=00000000-0000-4000-8000-0000000d0e17
readonly PUBLIC_CIDR=$NET.0.0/24 SITE_A_CIDR=$NET.1.0/24 SITE_B_CIDR=$NET.2.0/24
readonly GW_A_PUBLIC=$NET.0.2 GW_B_PUBLIC=$NET.0.3 GW_A_SITE=$NET.1.2 GW_B_SITE=$NET.2.2
readonly HOST_A=$NET.1.10 HOST_B=$NET.2.10
# shellcheck source=deploy/demo-lib.sh
. deploy/demo-lib.sh

in_host() { local host=$1; shift; docker exec "$(container_of "$host")" "$@"; }

# connection_file NAME PEER PEER_CIDR LOCAL_CIDR UP: a service_config with one site connection, in a file
# only root reads (written by printf, a builtin: the key is in no process's command line).
connection_file() {
    local file
    file=$(umask 077 && mktemp)
    printf '{"site_connections": [{"name": "%s", "peer_address": "%s", "peer_cidrs": ["%s"], "local_cidrs": ["%s"], "psk": "%s", "admin_state_up": %s,
            "dpd": {"action": "restart", "interval_seconds": 10, "timeout_seconds": 30}}]}\n' "$1" "$2" "$3" "$4" "$PSK" "$5" >"$file"
    printf '%s' "$file"
}

# pings FROM TO: "ANSWERED SENT" of host FROM's pings to the address TO, one a second until 3 are
# answered or 8 s have passed: a reply late on a loaded machine (ESP is in user space here), or one lost
# while a tunnel settles, is not taken for a missing tunnel.
pings() { { in_host "$1" ping -c 3 -w 8 "$2" 2>/dev/null || true; } | sed -n 's/^\([0-9]*\) packets transmitted, \([0-9]*\) received.*/\2 \1/p'; }

# expect_pings FROM TO N WHY: host FROM's pings to TO, shown; unless N are answered the demo fails saying
# WHY, with each gateway's SAs and the end of its log (charon's) to say what went wrong.
expect_pings() {
    local answered sent gateway
    read -r answered sent <<<"$(pings "$1" "$2")"
    printf '    ping %s from %s -> %s answered (%s sent)\n' "$2" "$1" "$answered" "$sent"
    [ "$answered" = "$3" ] && return
    echo "demo: $4" >&2
    for gateway in $(gateways); do
        echo "--- $gateway: swanctl --list-sas, then its log's last 40 lines" >&2
        docker exec "$gateway" swanctl --list-sas >&2 2>&1
        docker logs --timestamps --tail 40 "$gateway" >&2 2>&1
    done
    exit 1
}

# update_vpn_a FILE: vpn-a's service_config made FILE's (nfp service update --wait), its steps shown indented.
update_vpn_a() { nfp service update vpn-a --config "@$1" --wait --timeout 120 2> >(sed -u 's/^/    /' >&2) >/dev/null; }

down() {
    delete_services
    delete_containers vpn-host-a vpn-host-b
    delete_networks vpn-public vpn-site-a vpn-site-b
}

up() {
    down
    step "demo: networks through popd: vpn-public $PUBLIC_CIDR (where the gateways meet), vpn-site-a $SITE_A_CIDR, vpn-site-b $SITE_B_CIDR"
    nfp pop network create vpn-public --ipv4 "$PUBLIC_CIDR" >/dev/null
    nfp pop network create vpn-site-a --ipv4 "$SITE_A_CIDR" >/dev/null
    nfp pop network create vpn-site-b --ipv4 "$SITE_B_CIDR" >/dev/null

    step "demo: hosts vpn-host-a $HOST_A and vpn-host-b $HOST_B, each with a route to the other site through its gateway"
    nfp pop spawn vpn-host-a --image nfp/base:latest --net "vpn-site-a=$HOST_A" --cap-add NET_ADMIN >/dev/null
    nfp pop spawn vpn-host-b --image nfp/base:latest --net "vpn-site-b=$HOST_B" --cap-add NET_ADMIN >/dev/null
    in_host vpn-host-a ip route replace "$SITE_B_CIDR" via "$GW_A_SITE"
    in_host vpn-host-b ip route replace "$SITE_A_CIDR" via "$GW_B_SITE"

    PSK=$(openssl rand -base64 24)
    local a_up b_up a_down
    a_up=$(connection_file to-b "$GW_B_PUBLIC" "$SITE_B_CIDR" "$SITE_A_CIDR" true)
    b_up=$(connection_file to-a "$GW_A_PUBLIC" "$SITE_A_CIDR" "$SITE_B_CIDR" true)
    a_down=$(connection_file to-b "$GW_B_PUBLIC" "$SITE_B_CIDR" "$SITE_A_CIDR" false)
    # shellcheck disable=SC2064  # the files' names now
    trap "rm -f '$a_up' '$b_up' '$a_down'" EXIT

    step "demo: VPN vpn-a (vendor strongswan): $GW_A_PUBLIC on vpn-public, site $SITE_A_CIDR, one connection to vpn-b for $SITE_B_CIDR (IKEv2, a pre-shared key made for this run)"
    create_service vpn-a --type vpn --vendor strongswan --port "consumer:vpn-public=$GW_A_PUBLIC" --port "provider:vpn-site-a=$GW_A_SITE" --config "@$a_up"
    step "demo: VPN vpn-b (vendor strongswan): $GW_B_PUBLIC on vpn-public, site $SITE_B_CIDR, one connection to vpn-a for $SITE_A_CIDR"
    create_service vpn-b --type vpn --vendor strongswan --port "consumer:vpn-public=$GW_B_PUBLIC" --port "provider:vpn-site-b=$GW_B_SITE" --config "@$b_up"

    step "demo: the two services (both ACTIVE: create_service checked)"
    nfp service list --tenant "$DEMO_TENANT" --status ACTIVE

    step "demo: vpn-host-a ($HOST_A) and vpn-host-b ($HOST_B) by their private addresses, watched on vpn-public"
    local bridge capture i
    bridge=br-$(docker network inspect -f '{{.Id}}' vpn-public | cut -c1-12)
    capture=$(mktemp)
    # Both gateways start the tunnel as their services become ACTIVE: vpn-a's first attempt, made before
    # vpn-b was there, is still being sent again (after 2 s, 3 s, 4.5 s) when vpn-b's own has made the
    # tunnel, and when it completes, its IKE SA may replace the other (INITIAL_CONTACT), dropping a packet
    # in flight. Settled: host a reaches site B and neither gateway has an IKE SA still connecting.
    local gateway gateways
    gateways=$(gateways)
    for i in $(seq 1 60); do
        if in_host vpn-host-a ping -c 1 -W 1 "$HOST_B" >/dev/null 2>&1 \
            && ! for gateway in $gateways; do docker exec "$gateway" swanctl --list-sas; done 2>/dev/null | grep -q CONNECTING; then
            break
        fi
        sleep 0.5
    done
    tcpdump -l -nn -i "$bridge" 'udp port 4500 or icmp' >"$capture" 2>/dev/null &
    local tcpdump=$!
    sleep 1
    expect_pings vpn-host-a "$HOST_B" 3 "site B did not answer site A through the tunnel"
    expect_pings vpn-host-b "$HOST_A" 3 "site A did not answer site B through the tunnel"
    sleep 1
    kill "$tcpdump"
    wait "$tcpdump" 2>/dev/null || true
    local esp icmp
    esp=$(grep -c "UDP-encap: ESP" "$capture" || true)
    icmp=$(grep -c "ICMP" "$capture" || true)
    rm -f "$capture"
    printf '    on vpn-public: %s packets of ESP in UDP between %s and %s, %s of ICMP\n' "$esp" "$GW_A_PUBLIC" "$GW_B_PUBLIC" "$icmp"
    { [ "$esp" -ge 12 ] && [ "$icmp" = 0 ]; } || { echo "demo: the pings did not cross vpn-public as ESP only" >&2; exit 1; }
    echo "    only ESP crossed the public network"
    printf '    vpn-a counts on its child SA: %s\n' "$(docker exec "$(gateway_of vpn-a)" swanctl --list-sas 2>/dev/null |
        sed -n 's/^ *\(in  [0-9a-f]*\), *\([0-9]* bytes\), *\([0-9]* packets\).*/\1: \2, \3/p' | head -n 1)"

    step "demo: vpn-a's connection taken down (admin_state_up false, nfp service update): nothing passes"
    update_vpn_a "$a_down"
    expect_pings vpn-host-a "$HOST_B" 0 "traffic passed with the tunnel down"
    echo "    nothing passes without the tunnel"

    step "demo: vpn-a's connection up again: the sites reach each other"
    update_vpn_a "$a_up"
    for i in $(seq 1 8); do
        [ "$(pings vpn-host-a "$HOST_B")" = "3 3" ] && break
    done
    expect_pings vpn-host-a "$HOST_B" 3 "the tunnel did not come back"
    echo "    the tunnel is back"
}

# nsd_of NAME: the id (hex, no dashes, as popd names its container) of the device rendering service NAME.
nsd_of() { nfp service show "$1" -f json | jq -r '.devices[0].id' | tr -d '-'; }

# gateway_of NAME: the container of service NAME's device; gateways: vpn-a's and vpn-b's.
gateway_of() { container_of "nsd-$(nsd_of "$1")"; }
gateways() { printf '%s %s' "$(gateway_of vpn-a)" "$(gateway_of vpn-b)"; }

case ${1:-} in
    up) up ;;
    down) down ;;
    *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
