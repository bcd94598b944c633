namespace Nfp.Bench.Chain;

/// <summary>The networks a load balancer joins: popd's default network (management), the consumer side (the VIP) and the provider side (the backends).</summary>
internal sealed record ChainNetworks((string Name, string Cidr) Management, (string Name, string Cidr) Consumer, (string Name, string Cidr) Provider);
