using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>
/// A port the new network service is to be plugged into (becomes a <see cref="PortInfo"/> row).
/// <see cref="Network"/> is the Pop network the port is on (NFP has no Neutron to look the port up in, so
/// the caller says where it is); <see cref="IpAddress"/> is the port's fixed address there, or empty to
/// take the next free one.
/// </summary>
public sealed record PortInfoRequest(
    Guid Id,
    PortPolicy PortPolicy,
    PortClassification PortClassification,
    string Network,
    PortType PortType = PortType.Active,
    string IpAddress = "");
