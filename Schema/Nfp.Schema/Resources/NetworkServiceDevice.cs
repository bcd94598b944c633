namespace Nfp.Schema.Resources;

/// <summary>
/// The device (here a container) that renders one or more network service instances (NFP spec:
/// NetworkServiceDevice, "nsd"). Beyond the spec it records what the reference implementation needs to
/// share and reach a device: its management address, how many data interfaces it takes
/// (<see cref="MaxInterfaces"/>) and has plugged (<see cref="InterfacesInUse"/>), how many instances use it
/// (<see cref="ReferenceCount"/>), whether further services may be rendered on it
/// (<see cref="AllowSharing"/>, from the profile of the service it was made for), and what its lifecycle driver needs to find it again
/// (<see cref="ProviderMetadata"/>, e.g. the Pop container id).
/// </summary>
public sealed record NetworkServiceDevice(
    Guid Id,
    string Name,
    string Description,
    Guid TenantId,
    string ServiceVendor,
    string MgmtIpAddress,
    int MaxInterfaces,
    int InterfacesInUse,
    int ReferenceCount,
    bool AllowSharing,
    IReadOnlyDictionary<string, string> ProviderMetadata,
    ProvisioningStatus ProvisioningStatus,
    OperatingStatus OperatingStatus,
    string StatusDescription,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IStatusResource;
