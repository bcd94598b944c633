using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>A port the new network service is to be plugged into (becomes a <see cref="PortInfo"/> row).</summary>
public sealed record PortInfoRequest(
    Guid Id,
    PortPolicy PortPolicy,
    PortClassification PortClassification,
    PortType PortType = PortType.Active);
