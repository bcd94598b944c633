namespace Nfp.Schema.Rpc;

/// <summary>delete_network_service: tear the service down; cancels a create still running.</summary>
public sealed record DeleteNetworkService(Guid NetworkServiceId);
