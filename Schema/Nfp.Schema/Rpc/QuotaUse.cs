namespace Nfp.Schema.Rpc;

/// <summary>
/// A quota a create would go over: which (<c>services</c>, <c>devices</c> or <c>ports</c>), the tenant's
/// limit, how many it has, and how many more the create needs.
/// </summary>
public sealed record QuotaUse(string Quota, int Limit, int InUse, int Requested);
