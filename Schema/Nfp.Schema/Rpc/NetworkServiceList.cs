using Nfp.Schema.Resources;

namespace Nfp.Schema.Rpc;

/// <summary>The answer to <see cref="GetNetworkServices"/>; <see cref="NextMarker"/> is empty on the last page.</summary>
public sealed record NetworkServiceList(IReadOnlyList<NetworkService> NetworkServices, Guid? NextMarker);
