#!/usr/bin/python3
"""A walk through NFP's RPCs from Python (nfp_client.py, over RabbitMQ with pika).

On the stack deploy/up.sh started, next to its demo chain: creates a load balancer (vendor haproxy) on
the demo's networks at addresses of its own, waits until it is ACTIVE, updates its service_config (the
listener's port) and waits until it is ACTIVE again, deletes it and waits until it is DELETED, then sends
a request the manager refuses (a firewall rule on port 70000) and shows the fault. Prints what it does;
exits 0 when all of it went as it should, 1 otherwise (a service it created is deleted again on the way out).

    set -a; . /etc/nfp/rabbitmq-node-driver.env; set +a      # ConnectionStrings__RabbitMq: the node driver's user
    /usr/bin/python3 docs/examples/python/example.py [--help]
"""

import argparse
import json
import os
import re
import sys
import time
import uuid

from nfp_client import NfpClient, NfpError, RpcFaultError, policy_target, port

# A tenant of the example's own: deploy/demo-chain.sh down deletes only the demo tenant's services.
EXAMPLE_TENANT = "00000000-0000-4000-8000-0000000000e1"


def settings():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    env = os.environ.get
    parser.add_argument("--url", default=env("ConnectionStrings__RabbitMq"),
                        help="the manager's RabbitMQ, amqp://user:password@host:port/vhost "
                             "(default: $ConnectionStrings__RabbitMq, as /etc/nfp/rabbitmq-node-driver.env has it)")
    parser.add_argument("--queue-prefix", default=env("NFP_QUEUE_PREFIX", "nfp"), help="the manager's Rpc:QueuePrefix (default: nfp)")
    parser.add_argument("--tenant", default=EXAMPLE_TENANT, help="the tenant id of the services it creates")
    parser.add_argument("--vendor", default="haproxy", help="the load balancer's vendor (default: haproxy)")
    parser.add_argument("--firewall-vendor", default="iptables", help="the vendor of the refused firewall (default: iptables)")
    parser.add_argument("--consumer-network", default="demo-transit", help="the Pop network of the VIP (default: demo-transit)")
    parser.add_argument("--vip", default="10.79.2.30",
                        help="the VIP, a free address on the consumer network (default: 10.79.2.30; the demo's VIP is .20)")
    parser.add_argument("--provider-network", default="demo-provider",
                        help="the Pop network of the members (default: demo-provider; the device takes the next free address)")
    parser.add_argument("--members", default="10.79.3.201,10.79.3.202",
                        help="the members' addresses, comma separated (default: the demo's two web backends)")
    parser.add_argument("--firewall-consumer", default="demo-consumer=10.79.1.11",
                        help="NETWORK=IP of the refused firewall's consumer port (default: demo-consumer=10.79.1.11)")
    parser.add_argument("--firewall-provider", default="demo-transit=10.79.2.11",
                        help="NETWORK=IP of the refused firewall's provider port (default: demo-transit=10.79.2.11)")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for each status (default: 120)")
    parser.add_argument("--call-timeout", type=float, default=10, help="seconds to wait for each answer (default: 10)")
    parser.add_argument("--trace", action="store_true", help="print every request and answer envelope")
    args = parser.parse_args()
    if not args.url:
        parser.error("no RabbitMQ URL: pass --url, or load the node driver's env file first: set -a; . /etc/nfp/rabbitmq-node-driver.env; set +a")
    return args


def say(text=""):
    print(text, flush=True)


def trace(direction, queue, envelope):
    say(f"      {direction} {queue}: {json.dumps(envelope)}")


def wait(nfp, service_id, status, args, started):
    """Waits until the service is `status`, printing each status it passes through; returns its detail."""
    return nfp.wait_for_status(service_id, status, timeout=args.timeout,
                               on_change=lambda s: say(f"    {time.monotonic() - started:5.1f} s  {s}"))


def network_and_address(text):
    """NETWORK=IP (or NETWORK alone: the next free address) as (network, ip_address)."""
    network, _, address = text.partition("=")
    return network, address


def walk(nfp, args, created):
    """The walk-through; `created` gets the id of the service it creates, for the clean-up."""
    # The provider group's policy targets: the load balancer's members.
    group = str(uuid.uuid4())
    members = [policy_target(ip.strip(), f"member{i + 1}", group) for i, ip in enumerate(args.members.split(",")) if ip.strip()]
    service_config = {
        "listener": {"port": 80, "protocol": "http"},
        "pool": {"lb_method": "round_robin",
                 "health_check": {"type": "http", "path": "/", "interval_ms": 1000, "rise": 1, "fall": 2}},
        "member_port": 80,
    }
    # A GBP node id of this run's own: get_network_services(service_id=...) finds exactly its service.
    node_id = str(uuid.uuid4())
    name = "py-example-lb"

    say(f"==> create_network_service: load balancer {name} (vendor {args.vendor}), VIP {args.consumer_network}={args.vip}:80, "
        f"members {', '.join(m['ip_address'] for m in members)} on {args.provider_network}")
    started = time.monotonic()
    accepted = nfp.create_network_service(
        tenant_id=args.tenant, service_id=node_id, name=name, description="docs/examples/python/example.py",
        service_type="loadbalancer", service_vendor=args.vendor,
        port_info=[port("consumer", args.consumer_network, args.vip), port("provider", args.provider_network)],
        service_config=service_config, policy_targets=members)
    service_id = accepted["network_service_id"]
    created.append(service_id)
    say(f"    accepted: network service {service_id}, operation {accepted['operation_id']}, {accepted['provisioning_status']}")
    detail = wait(nfp, service_id, "ACTIVE", args, started)
    device = detail["devices"][0] if detail["devices"] else {}
    say(f"    status after create: {detail['network_service']['provisioning_status']} "
        f"({time.monotonic() - started:.1f} s; VIP {detail['vip_address']}, device {device.get('name', '?')} "
        f"at {device.get('mgmt_ip_address', '?')}, {len(detail['members'])} members)")
    for p in detail["ports"]:
        say(f"    port {p['port_classification']}: {p['network']} {p['ip_address']} ({p['cidr']}, {p['mac']})")

    say(f"==> get_network_services(service_id={node_id})")
    page = nfp.get_network_services(service_id=node_id)
    for s in page["network_services"]:
        say(f"    {s['id']}  {s['name']}  {s['service_type']}  {s['service_vendor']}  {s['provisioning_status']}")
    if [s["id"] for s in page["network_services"]] != [service_id]:
        raise NfpError(f"get_network_services listed {len(page['network_services'])} services, not just {service_id}")

    say("==> update_network_service: the listener's port 80 -> 8080 (the members still serve on 80)")
    started = time.monotonic()
    service_config["listener"]["port"] = 8080
    accepted = nfp.update_network_service(service_id, service_config)
    say(f"    accepted: operation {accepted['operation_id']}, {accepted['provisioning_status']}")
    detail = wait(nfp, service_id, "ACTIVE", args, started)
    port_now = detail["network_service"]["service_config"]["listener"]["port"]
    say(f"    status after update: {detail['network_service']['provisioning_status']} "
        f"({time.monotonic() - started:.1f} s; listener port {port_now})")
    if port_now != 8080:
        raise NfpError(f"the service's listener port is {port_now} after the update, not 8080")

    say("==> delete_network_service")
    started = time.monotonic()
    accepted = nfp.delete_network_service(service_id)
    say(f"    accepted: operation {accepted['operation_id']}, {accepted['provisioning_status']}")
    detail = wait(nfp, service_id, "DELETED", args, started)
    say(f"    status after delete: {detail['network_service']['provisioning_status']} ({time.monotonic() - started:.1f} s)")
    listed = nfp.get_network_services(service_id=node_id)["network_services"]
    deleted = nfp.get_network_services(service_id=node_id, provisioning_status="DELETED")["network_services"]
    say(f"    get_network_services lists {len(listed)} of it; asked for DELETED ones, {len(deleted)}")
    if listed or [s["id"] for s in deleted] != [service_id]:
        raise NfpError("get_network_services should hide the DELETED service unless asked for DELETED ones")

    say(f"==> create_network_service, refused: a firewall (vendor {args.firewall_vendor}) between {args.firewall_consumer} "
        f"and {args.firewall_provider} whose rule names port 70000")
    refused_node = str(uuid.uuid4())
    try:
        accepted = nfp.create_network_service(
            tenant_id=args.tenant, service_id=refused_node, name="py-example-refused", service_type="firewall",
            service_vendor=args.firewall_vendor,
            port_info=[port("consumer", *network_and_address(args.firewall_consumer)),
                       port("provider", *network_and_address(args.firewall_provider))],
            service_config={"rules": [{"action": "allow", "protocol": "tcp", "port": 70000}]})
    except RpcFaultError as fault:
        say(f"    fault: {fault.code}: {fault.message}")
        for error in fault.errors:
            say(f"    field: {error.field} ({error.code}): {error.message}")
        # Named alone: the firewall's ports passed the door's checks (their networks exist, the addresses are free).
        if fault.code != "invalid_request" or [e.field for e in fault.errors] != ["service_config.rules[0].port"]:
            raise NfpError("the refusal should be invalid_request naming service_config.rules[0].port alone") from fault
    else:
        created.append(accepted["network_service_id"])
        raise NfpError(f"the firewall with a rule on port 70000 was accepted: {accepted}")
    if nfp.get_network_services(service_id=refused_node)["network_services"]:
        raise NfpError("the refused create wrote a service")
    say("    nothing was written: get_network_services lists no service of that node")


def clean_up(nfp, created, args):
    """Deletes what the walk created and left undeleted (it stopped on a failure), and says so on stderr."""
    for service_id in created:
        try:
            if nfp.get_network_service(service_id)["network_service"]["provisioning_status"] == "DELETED":
                continue
            nfp.delete_network_service(service_id)
            nfp.wait_for_status(service_id, "DELETED", timeout=args.timeout)
            outcome = "deleted"
        except Exception as e:  # the walk's own failure is what gets reported; this one is only told
            outcome = f"could not be deleted ({e})"
        try:
            print(f"clean-up: network service {service_id} {outcome}", file=sys.stderr, flush=True)
        except OSError:  # stderr gone (a closed pipe): the deletion was still done
            pass


def main():
    args = settings()
    started = time.monotonic()
    shown = re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", args.url)
    say(f"==> connecting to {shown} (queues {args.queue_prefix}-*, direct reply-to)")
    created = []
    try:
        with NfpClient(args.url, args.queue_prefix, timeout=args.call_timeout, trace=trace if args.trace else None) as nfp:
            try:
                walk(nfp, args, created)
            except BaseException:
                nfp.trace = None  # the clean-up prints nothing on stdout, which may be what failed
                clean_up(nfp, created, args)
                raise
    except NfpError as e:
        print(f"FAILED: {e}", file=sys.stderr, flush=True)
        return 1
    except Exception as e:  # pika's connection errors, and anything unforeseen: a failure too
        print(f"FAILED: {type(e).__name__}: {e}", file=sys.stderr, flush=True)
        return 1
    say(f"==> done in {time.monotonic() - started:.1f} s: create -> ACTIVE -> update -> ACTIVE -> delete -> DELETED, and a refusal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
