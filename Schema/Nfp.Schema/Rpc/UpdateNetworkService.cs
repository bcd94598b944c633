using System.Text.Json;
using System.Text.Json.Serialization;
using Nfp.Schema.Json;

namespace Nfp.Schema.Rpc;

/// <summary>
/// update_network_service: replace the service's device-specific configuration (a JSON object, or a
/// string holding one) and render the service with it — from ERROR too.
/// </summary>
public sealed record UpdateNetworkService(Guid NetworkServiceId, [property: JsonConverter(typeof(ServiceConfigConverter))] JsonElement? ServiceConfig);
