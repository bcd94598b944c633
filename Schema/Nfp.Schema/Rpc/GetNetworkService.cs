namespace Nfp.Schema.Rpc;

/// <summary>get_network_service: one service, answered with the <c>NetworkService</c> resource or a not_found fault.</summary>
public sealed record GetNetworkService(Guid NetworkServiceId);
