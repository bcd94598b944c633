namespace Nfp.Schema.Resources;

/// <summary>
/// A port a network service is plugged into (NFP spec: PortInfo). <see cref="Id"/> is the port's own
/// identity where it comes from (a Neutron port or a GBP policy target), as <see cref="PortPolicy"/> says.
/// <see cref="Network"/> is the Pop network it is on and <see cref="IpAddress"/> its fixed address there
/// (empty: the next free one, recorded on the device's <see cref="NsdInterface"/> once plugged).
/// </summary>
public sealed record PortInfo(
    Guid Id,
    PortPolicy PortPolicy,
    PortClassification PortClassification,
    PortType PortType,
    string Network,
    string IpAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IResource;
