namespace Nfp.Schema.Resources;

/// <summary>
/// One instance of a <see cref="NetworkService"/> (NFP spec: NetworkServiceInstance), rendered on the
/// device <see cref="NsdId"/>. <see cref="NsdId"/> is empty until select_nsd or create_nsd has chosen the
/// device. <see cref="PortInfo"/> lists the ids of the <see cref="Resources.PortInfo"/> rows the instance
/// is plugged into.
/// </summary>
public sealed record NetworkServiceInstance(
    Guid Id,
    string Name,
    string Description,
    Guid TenantId,
    Guid NetworkServiceId,
    IReadOnlyList<Guid> PortInfo,
    HaState HaState,
    Guid? NsdId,
    ProvisioningStatus ProvisioningStatus,
    OperatingStatus OperatingStatus,
    string StatusDescription,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IStatusResource;
