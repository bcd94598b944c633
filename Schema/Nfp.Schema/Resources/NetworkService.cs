using System.Text.Json;

namespace Nfp.Schema.Resources;

/// <summary>
/// The instantiation of a service chain node (NFP spec: NetworkService): the folder of every instance
/// that renders one logical service, e.g. the active and standby of an HA pair. The spec's single
/// <c>status</c> is split into <see cref="ProvisioningStatus"/> and <see cref="OperatingStatus"/>.
/// The service profile's <see cref="ServiceType"/>, <see cref="ServiceVendor"/> and <see cref="AllowSharing"/>
/// are kept with the service: they choose its lifecycle driver and whether its device may be shared; its
/// <see cref="Topology"/> says whether one device renders it or an active-standby pair (two instances).
/// <see cref="ServiceConfig"/> is the device-specific config, a JSON object (<c>{}</c> when none was given).
/// <see cref="CreatedAt"/>, <see cref="UpdatedAt"/> and <see cref="Version"/> are kept by the database.
/// </summary>
public sealed record NetworkService(
    Guid Id,
    string Name,
    string Description,
    Guid TenantId,
    Guid ServiceId,
    Guid? ServiceChainId,
    Guid? ServiceProfileId,
    ServiceType ServiceType,
    string ServiceVendor,
    bool AllowSharing,
    ServiceTopology Topology,
    JsonElement ServiceConfig,
    ProvisioningStatus ProvisioningStatus,
    OperatingStatus OperatingStatus,
    string StatusDescription,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    int Version) : IStatusResource;
