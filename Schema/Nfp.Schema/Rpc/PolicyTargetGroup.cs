namespace Nfp.Schema.Rpc;

/// <summary>A GBP policy target group consuming the chain; <see cref="SubnetCidrs"/> are where its traffic comes from.</summary>
public sealed record PolicyTargetGroup(Guid Id, IReadOnlyList<string> SubnetCidrs, string Name = "");
