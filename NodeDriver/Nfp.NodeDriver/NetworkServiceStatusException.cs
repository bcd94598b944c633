using Nfp.Schema.Resources;

namespace Nfp.NodeDriver;

/// <summary>A service awaited in one status settled in another (ERROR, or DELETED); <see cref="Service"/> is as last read.</summary>
public sealed class NetworkServiceStatusException(NetworkService service, ProvisioningStatus awaited)
    : Exception($"Network service {service.Id} is {Schema.Json.NfpJson.WireName(service.ProvisioningStatus)}, not " +
                $"{Schema.Json.NfpJson.WireName(awaited)}: {service.StatusDescription}")
{
    public NetworkService Service { get; } = service;
}
