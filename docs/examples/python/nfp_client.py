"""A small client for NFP's Network Service Manager, over RabbitMQ with pika.

It speaks the wire contract of docs/rpc.md ("On the wire: driving the manager without MassTransit"):
one request is a MassTransit envelope (JSON, snake_case) published to the exchange in front of the
RPC's queue, of the queue's name (``{prefix}-create-network-service``, ...; a node driver's RabbitMQ
user may publish there, not through the default exchange), with the AMQP ``reply_to`` set to RabbitMQ's
direct reply-to (``amq.rabbitmq.reply-to``); the manager answers there with an envelope whose
``message_type[0]`` says what the answer is, and copies the request's ``correlation_id`` onto it.
A refusal is an ``RpcFault``, raised here as :class:`RpcFaultError`.

    from nfp_client import NfpClient, port, policy_target

    with NfpClient("amqp://nfp-node-driver:secret@127.0.0.1:5672/nfp") as nfp:
        accepted = nfp.create_network_service(
            tenant_id=tenant, name="web-lb", service_type="loadbalancer", service_vendor="haproxy",
            port_info=[port("consumer", "tenant-users", "10.0.1.20"), port("provider", "tenant-web")],
            service_config={"listener": {"port": 80}, "pool": {"lb_method": "round_robin"}},
            policy_targets=[policy_target("10.0.2.11", "web1")])
        detail = nfp.wait_for_status(accepted["network_service_id"], "ACTIVE", timeout=120)

Requires pika (Debian: python3-pika; deploy/bootstrap.sh installs it). Not thread-safe: one client per
thread, as one pika BlockingConnection is.
"""

import json
import time
import uuid

import pika
import pika.exceptions

__all__ = [
    "NfpClient", "NfpError", "RpcFaultError", "FieldError", "RpcTimeoutError", "ServiceStatusError",
    "port", "policy_target",
]

# RabbitMQ's direct reply-to pseudo queue: consumed on the channel that publishes, no queue to declare.
DIRECT_REPLY_TO = "amq.rabbitmq.reply-to"
CONTENT_TYPE = "application/vnd.masstransit+json"
RPC_NAMESPACE = "urn:message:Nfp.Schema.Rpc:"

# Each RPC: its queue's suffix (Schema/Nfp.Schema/Rpc/RpcQueues.cs), its contract (the request's
# message type) and the contract of the answer it gets when it is not refused.
RPCS = {
    "create_network_service": ("create-network-service", "CreateNetworkService", "NetworkServiceAccepted"),
    "update_network_service": ("update-network-service", "UpdateNetworkService", "NetworkServiceAccepted"),
    "delete_network_service": ("delete-network-service", "DeleteNetworkService", "NetworkServiceAccepted"),
    "retry_network_service": ("retry-network-service", "RetryNetworkService", "NetworkServiceAccepted"),
    "failover_network_service": ("failover-network-service", "FailoverNetworkService", "NetworkServiceAccepted"),
    "failover_nsd": ("failover-nsd", "FailoverNsd", "NetworkServiceAccepted"),
    "get_network_service": ("get-network-service", "GetNetworkService", "NetworkServiceDetail"),
    "get_network_services": ("get-network-services", "GetNetworkServices", "NetworkServiceList"),
    "policy_target_added_notification": ("policy-target-added", "PolicyTargetAddedNotification", "NetworkServiceAccepted"),
    "policy_target_removed_notification": ("policy-target-removed", "PolicyTargetRemovedNotification", "NetworkServiceAccepted"),
    "consumer_ptg_added_notification": ("consumer-ptg-added", "ConsumerPtgAddedNotification", "NetworkServiceAccepted"),
    "consumer_ptg_removed_notification": ("consumer-ptg-removed", "ConsumerPtgRemovedNotification", "NetworkServiceAccepted"),
    "chain_parameters_updated_notification": ("chain-parameters-updated", "ChainParametersUpdatedNotification", "NetworkServiceAccepted"),
}
FAULT = RPC_NAMESPACE + "RpcFault"


class NfpError(Exception):
    """What this client raises: the call got no answer (an unroutable request, a broken connection), or one it could not use."""


class RpcTimeoutError(NfpError):
    """No answer came within the call's timeout (the request may still have been carried out)."""


class FieldError:
    """One bad field of a refused request: its path in the message (``port_info[0].network``), a code, a message."""

    def __init__(self, field, code, message):
        self.field, self.code, self.message = field, code, message

    def __repr__(self):
        return f"FieldError({self.field!r}, {self.code!r}, {self.message!r})"

    def __str__(self):
        return f"{self.field or '(the request)'}: {self.code}: {self.message}"


class RpcFaultError(NfpError):
    """The manager refused the request (an RpcFault); nothing was changed.

    ``code`` is invalid_request, not_found, conflict, unavailable or internal_error; ``errors`` lists a
    :class:`FieldError` per bad field when the code is invalid_request.
    """

    def __init__(self, rpc, code, message, errors):
        self.rpc, self.code, self.message, self.errors = rpc, code, message, errors
        lines = [f"{rpc} refused: {code}: {message}"] + [f"  {e}" for e in errors]
        super().__init__("\n".join(lines))


class ServiceStatusError(NfpError):
    """A service waited for settled in another status (ERROR, or DELETED) instead; ``detail`` is its get_network_service answer."""

    def __init__(self, detail, wanted):
        self.detail, self.wanted = detail, wanted
        service = detail["network_service"]
        super().__init__(f"network service {service['id']} is {service['provisioning_status']}, not {wanted}: "
                         f"{service['status_description']}")


def port(classification, network, ip_address="", port_id=None, port_policy="neutron_port", port_type="active"):
    """One entry of create_network_service's port_info: a consumer or provider port on a Pop network,
    at ``ip_address`` there (empty: the next free one). The id must be new to NFP."""
    return {"id": port_id or str(uuid.uuid4()), "port_policy": port_policy, "port_classification": classification,
            "network": network, "port_type": port_type, "ip_address": ip_address}


def policy_target(ip_address, name="", group_id=None, target_id=None):
    """A policy target (a load balancer's member), reached at ``ip_address``."""
    return {"id": target_id or str(uuid.uuid4()), "policy_target_group_id": group_id or str(uuid.uuid4()),
            "ip_address": ip_address, "name": name}


class NfpClient:
    """One connection to the manager's RabbitMQ (the ``nfp`` vhost); one method per RPC.

    ``url`` is an amqp:// URI (``ConnectionStrings__RabbitMq`` in /etc/nfp/nfp.env); ``queue_prefix`` the
    manager's ``Rpc:QueuePrefix``; ``timeout`` how many seconds a call waits for its answer; ``trace``,
    when given, is called with ("->", queue, envelope) for each request and ("<-", queue, envelope) for
    each answer, to show the wire.
    """

    def __init__(self, url, queue_prefix="nfp", timeout=30.0, trace=None):
        self.queue_prefix = queue_prefix
        self.timeout = timeout
        self.trace = trace
        self._connection = pika.BlockingConnection(pika.URLParameters(url))
        self._channel = self._connection.channel()
        # Confirms make a request to a queue that is not there (no manager ever ran with this prefix on
        # this vhost) fail at once as unroutable (it is published mandatory) instead of timing out.
        self._channel.confirm_delivery()
        self._pending = set()
        self._answers = {}
        self._channel.basic_consume(DIRECT_REPLY_TO, self._on_answer, auto_ack=True)

    def close(self):
        if self._connection.is_open:
            self._connection.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- the RPCs (docs/rpc.md, "Node driver -> Network Service Manager") ---------------------------

    def create_network_service(self, tenant_id, service_type, service_vendor, port_info, name="", description="",
                               service_config=None, policy_targets=None, service_chain_id=None, service_id=None,
                               service_profile_id=None, allow_sharing=False, timeout=None):
        """Render a service chain node; answered at once with NetworkServiceAccepted (PENDING_CREATE)."""
        message = {
            "tenant_id": tenant_id,
            "service_id": service_id or str(uuid.uuid4()),
            "service_profile": {"id": service_profile_id or str(uuid.uuid4()), "service_type": service_type,
                                "service_vendor": service_vendor, "allow_sharing": allow_sharing},
            "port_info": port_info,
            "name": name,
            "description": description,
            "service_config": service_config if service_config is not None else {},
            "policy_targets": policy_targets or [],
        }
        if service_chain_id is not None:
            message["service_chain_id"] = service_chain_id
        return self.call("create_network_service", message, timeout)

    def update_network_service(self, network_service_id, service_config, timeout=None):
        """Replace the service's service_config and render it; the service must be ACTIVE or ERROR."""
        return self.call("update_network_service",
                         {"network_service_id": network_service_id, "service_config": service_config}, timeout)

    def delete_network_service(self, network_service_id, timeout=None):
        return self.call("delete_network_service", {"network_service_id": network_service_id}, timeout)

    def retry_network_service(self, network_service_id, timeout=None):
        """Run again the failed operation that left the service in ERROR."""
        return self.call("retry_network_service", {"network_service_id": network_service_id}, timeout)

    def failover_network_service(self, network_service_id, timeout=None):
        """Replace the service's device with a new one at the same addresses; the service must be ACTIVE or ERROR."""
        return self.call("failover_network_service", {"network_service_id": network_service_id}, timeout)

    def failover_nsd(self, nsd_id, timeout=None):
        """Replace a device (an id from get_network_service's ``devices``) with every service it renders."""
        return self.call("failover_nsd", {"nsd_id": nsd_id}, timeout)

    def get_network_service(self, network_service_id, timeout=None):
        """The service's detail: ``network_service`` (the service itself, also when DELETED), ``ports``,
        ``devices``, ``members`` and ``vip_address``."""
        return self.call("get_network_service", {"network_service_id": network_service_id}, timeout)

    def get_network_services(self, tenant_id=None, service_chain_id=None, service_id=None, provisioning_status=None,
                             name=None, limit=100, marker=None, timeout=None):
        """One page of services matching every filter given, oldest first: ``network_services`` and
        ``next_marker`` (null on the last page; pass it as ``marker`` for the next). DELETED services
        are listed only when ``provisioning_status="DELETED"`` asks for them."""
        filters = {"tenant_id": tenant_id, "service_chain_id": service_chain_id, "service_id": service_id,
                   "provisioning_status": provisioning_status, "name": name, "marker": marker}
        message = {key: value for key, value in filters.items() if value is not None}
        message["limit"] = limit
        return self.call("get_network_services", message, timeout)

    def policy_target_added_notification(self, network_service_id, target, timeout=None):
        return self.call("policy_target_added_notification",
                         {"network_service_id": network_service_id, "policy_target": target}, timeout)

    def policy_target_removed_notification(self, network_service_id, target, timeout=None):
        return self.call("policy_target_removed_notification",
                         {"network_service_id": network_service_id, "policy_target": target}, timeout)

    def consumer_ptg_added_notification(self, network_service_id, group, timeout=None):
        """``group``: {id, subnet_cidrs, name}."""
        return self.call("consumer_ptg_added_notification",
                         {"network_service_id": network_service_id, "consumer_ptg": group}, timeout)

    def consumer_ptg_removed_notification(self, network_service_id, group, timeout=None):
        return self.call("consumer_ptg_removed_notification",
                         {"network_service_id": network_service_id, "consumer_ptg": group}, timeout)

    def chain_parameters_updated_notification(self, network_service_id, chain_parameters, timeout=None):
        """``chain_parameters``: {key: value}, both strings."""
        return self.call("chain_parameters_updated_notification",
                         {"network_service_id": network_service_id, "chain_parameters": chain_parameters}, timeout)

    def wait_for_status(self, network_service_id, status, timeout=120.0, poll_interval=0.25, on_change=None):
        """Polls get_network_service until the service is ``status`` (ACTIVE, or DELETED after a delete)
        and returns its detail. Raises :class:`ServiceStatusError` when it settles in ERROR (or is DELETED)
        instead, :class:`RpcTimeoutError` when it is not there within ``timeout`` seconds. ``on_change`` is
        called with each new provisioning status seen."""
        give_up_at = time.monotonic() + timeout
        seen = None
        while True:
            detail = self.get_network_service(network_service_id)
            current = detail["network_service"]["provisioning_status"]
            if current != seen and on_change is not None:
                on_change(current)
            seen = current
            if current == status:
                return detail
            if current in ("ERROR", "DELETED"):
                raise ServiceStatusError(detail, status)
            if time.monotonic() >= give_up_at:
                raise RpcTimeoutError(f"network service {network_service_id} was still {current} after {timeout:g} s")
            # Sleeping through the connection keeps its heartbeats going.
            self._connection.sleep(poll_interval)

    # --- the wire ---------------------------------------------------------------------------------

    def queue(self, rpc):
        """The manager's queue for ``rpc``, e.g. nfp-create-network-service."""
        return f"{self.queue_prefix}-{RPCS[rpc][0]}"

    def call(self, rpc, message, timeout=None):
        """Sends ``message`` as the request of ``rpc`` and returns the answer's ``message`` (a dict).
        Raises :class:`RpcFaultError` when the manager refuses it, :class:`RpcTimeoutError` when no answer
        comes within ``timeout`` (default: the client's) seconds."""
        _, contract, answer_contract = RPCS[rpc]
        request_id = str(uuid.uuid4())
        envelope = {
            "message_id": str(uuid.uuid4()),
            "request_id": request_id,
            "message_type": [RPC_NAMESPACE + contract],
            "message": message,
        }
        properties = pika.BasicProperties(content_type=CONTENT_TYPE, reply_to=DIRECT_REPLY_TO, correlation_id=request_id)
        if self.trace:
            self.trace("->", self.queue(rpc), envelope)
        wait = self.timeout if timeout is None else timeout
        give_up_at = time.monotonic() + wait
        # Waited for from before the publish, so that no answer can come before its call is known.
        self._pending.add(request_id)
        try:
            try:
                # The queue's exchange (fanout) routes to it; mandatory: with no queue bound, it is returned at once.
                self._channel.basic_publish(self.queue(rpc), "", json.dumps(envelope).encode(), properties, mandatory=True)
            except (pika.exceptions.UnroutableError, pika.exceptions.ChannelClosedByBroker) as e:
                # No exchange at all (404) closes the channel: this client is done then.
                if isinstance(e, pika.exceptions.ChannelClosedByBroker) and e.reply_code != 404:
                    raise
                raise NfpError(f"{rpc}: no queue {self.queue(rpc)} on this vhost; is the manager running with "
                               f"queue prefix '{self.queue_prefix}'?") from None
            while request_id not in self._answers:
                left = give_up_at - time.monotonic()
                if left <= 0:
                    raise RpcTimeoutError(f"{rpc}: no answer within {wait:g} s")
                self._connection.process_data_events(time_limit=min(left, 1.0))
        finally:
            self._pending.discard(request_id)
        answer = self._answers.pop(request_id)
        if self.trace:
            self.trace("<-", self.queue(rpc), answer)
        kind = (answer.get("message_type") or [""])[0]
        body = answer.get("message") or {}
        if kind == FAULT:
            errors = [FieldError(e.get("field", ""), e.get("code", ""), e.get("message", "")) for e in body.get("errors") or []]
            raise RpcFaultError(rpc, body.get("code", ""), body.get("message", ""), errors)
        if kind != RPC_NAMESPACE + answer_contract:
            raise NfpError(f"{rpc}: unexpected answer {kind!r}")
        return body

    def _on_answer(self, _channel, _method, properties, body):
        # Answers are matched by correlation_id, which the manager copies from the request; one that
        # matches no waiting call (its call timed out) is dropped. An answer that is not JSON is kept as
        # a fault so that its call fails instead of waiting out its timeout.
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {"message_type": [FAULT], "message": {"code": "internal_error", "message": f"unreadable answer: {body[:200]!r}"}}
        if properties.correlation_id in self._pending:
            self._answers[properties.correlation_id] = answer
