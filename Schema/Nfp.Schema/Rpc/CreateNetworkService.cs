using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>
/// create_network_service: render a service chain node. Answered at once with
/// <see cref="NetworkServiceAccepted"/> (PENDING_CREATE) and carried out asynchronously.
/// <see cref="PolicyTargets"/> are the provider group's members the service starts with (a load
/// balancer's backends); policy_target_added/removed notifications change them later.
/// </summary>
public sealed record CreateNetworkService(
    Guid TenantId,
    Guid ServiceId,
    ServiceProfile ServiceProfile,
    IReadOnlyList<PortInfoRequest> PortInfo,
    string Name = "",
    string Description = "",
    Guid? ServiceChainId = null,
    string ServiceConfig = "",
    IReadOnlyList<PolicyTarget>? PolicyTargets = null);
