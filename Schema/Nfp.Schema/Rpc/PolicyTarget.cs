namespace Nfp.Schema.Rpc;

/// <summary>
/// A GBP policy target joining or leaving the provider group, e.g. a web server behind a load balancer;
/// <see cref="IpAddress"/> is where the service reaches it.
/// </summary>
public sealed record PolicyTarget(Guid Id, Guid PolicyTargetGroupId, string IpAddress, string Name = "");
