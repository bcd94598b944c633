using System.Text.Json;
using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>
/// A load balancer's VIP (docs/rpc.md): its service_config's <c>listener.address</c> when it names one,
/// else the device's address on the consumer port's network.
/// </summary>
public static class LoadBalancerVip
{
    /// <summary>The VIP of <paramref name="service"/> whose consumer port is plugged at <paramref name="consumerAddress"/>; "" for another type.</summary>
    public static string Of(NetworkService service, string consumerAddress) =>
        service.ServiceType != ServiceType.Loadbalancer ? ""
        : Named(service.ServiceConfig) is { Length: > 0 } named ? named
        : consumerAddress;

    /// <summary>The <c>listener.address</c> the config names, or "".</summary>
    public static string Named(JsonElement serviceConfig) =>
        serviceConfig.ValueKind == JsonValueKind.Object && serviceConfig.TryGetProperty("listener", out var listener)
        && listener.ValueKind == JsonValueKind.Object && listener.TryGetProperty("address", out var address) && address.ValueKind == JsonValueKind.String
            ? address.GetString()!
            : "";
}
