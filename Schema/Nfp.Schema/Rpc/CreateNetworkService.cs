using System.Text.Json;
using System.Text.Json.Serialization;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>
/// create_network_service: render a service chain node. Answered at once with
/// <see cref="NetworkServiceAccepted"/> (PENDING_CREATE) and carried out asynchronously.
/// <see cref="PolicyTargets"/> are the provider group's members the service starts with (a load
/// balancer's backends); policy_target_added/removed notifications change them later.
/// <see cref="ServiceConfig"/> is the device-specific config, a JSON object whose shape the vendor gives
/// (docs/schemas); absent or null: <c>{}</c>. A string holding the object is read as the object.
/// </summary>
public sealed record CreateNetworkService(
    Guid TenantId,
    Guid ServiceId,
    ServiceProfile ServiceProfile,
    IReadOnlyList<PortInfoRequest> PortInfo,
    string Name = "",
    string Description = "",
    Guid? ServiceChainId = null,
    [property: JsonConverter(typeof(ServiceConfigConverter))] JsonElement? ServiceConfig = null,
    IReadOnlyList<PolicyTarget>? PolicyTargets = null);
