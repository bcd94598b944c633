namespace Nfp.Schema.Resources;

/// <summary>
/// One data interface of a device: which <see cref="PortInfo"/> is plugged in at which position, what
/// the lifecycle driver calls it (<see cref="MappedRealPortId"/>, e.g. the Pop endpoint id), and where
/// the plug put it: its <see cref="IpAddress"/> in the network <see cref="Cidr"/>, and its <see cref="Mac"/>.
/// </summary>
public sealed record NsdInterface(
    Guid Id,
    Guid TenantId,
    Guid NsdId,
    Guid PluggedInPortId,
    int InterfacePosition,
    string MappedRealPortId,
    string IpAddress,
    string Cidr,
    string Mac,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IResource;
