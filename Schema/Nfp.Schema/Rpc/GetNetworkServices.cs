using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>
/// get_network_services: a page of services matching every filter given, oldest first. Pass the
/// <see cref="NetworkServiceList.NextMarker"/> of one page as <see cref="Marker"/> to get the next.
/// <see cref="Name"/> matches the service's name exactly.
/// </summary>
public sealed record GetNetworkServices(
    Guid? TenantId = null,
    Guid? ServiceChainId = null,
    Guid? ServiceId = null,
    ProvisioningStatus? ProvisioningStatus = null,
    int Limit = 100,
    Guid? Marker = null,
    string? Name = null);
