namespace Nfp.Schema.Resources;

/// <summary>
/// One data interface of a device: which <see cref="PortInfo"/> is plugged in at which position, and what
/// the lifecycle driver calls it (<see cref="MappedRealPortId"/>, e.g. the Pop endpoint id).
/// </summary>
public sealed record NsdInterface(
    Guid Id,
    Guid TenantId,
    Guid NsdId,
    Guid PluggedInPortId,
    int InterfacePosition,
    string MappedRealPortId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IResource;
