namespace Nfp.Schema.Resources;

/// <summary>
/// A port a network service is plugged into (NFP spec: PortInfo). <see cref="Id"/> is the port's own
/// identity where it comes from (a Neutron port or a GBP policy target), as <see cref="PortPolicy"/> says.
/// </summary>
public sealed record PortInfo(
    Guid Id,
    PortPolicy PortPolicy,
    PortClassification PortClassification,
    PortType PortType,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IResource;
