namespace Nfp.Schema.Rpc;

/// <summary>update_network_service: replace the service's device-specific configuration.</summary>
public sealed record UpdateNetworkService(Guid NetworkServiceId, string ServiceConfig);
