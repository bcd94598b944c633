using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>
/// get_network_service's answer, and the operator API's view of one service: the service, and what NFP
/// allocated for it — each port where it is plugged (once per device: a pair's two devices each have an
/// address of their own), the device(s) rendering it with their management addresses, the members it
/// serves now, a load balancer's VIP (<c>""</c> for the other types, and before the consumer port is
/// plugged; a pair's is the address the active device holds), and its instances with their
/// <c>ha_state</c> (an active-standby pair's: <c>active</c> on the device holding the addresses, as the
/// devices last told).
/// </summary>
public sealed record NetworkServiceDetail(
    NetworkService NetworkService,
    IReadOnlyList<ServicePort> Ports,
    IReadOnlyList<NetworkServiceDevice> Devices,
    IReadOnlyList<PolicyTarget> Members,
    string VipAddress,
    IReadOnlyList<NetworkServiceInstance> Instances);

/// <summary>
/// One port of a service: what the create asked for, and where the plug put it — its address (the one
/// asked for until it is plugged), the CIDR of its network and its MAC, on which device at which
/// interface position (empty and null until it is plugged).
/// </summary>
public sealed record ServicePort(
    Guid Id,
    PortClassification PortClassification,
    PortType PortType,
    PortPolicy PortPolicy,
    string Network,
    string IpAddress,
    string Cidr,
    string Mac,
    Guid? NsdId,
    int? InterfacePosition);
