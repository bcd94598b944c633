using Nfp.NetworkServiceManager.Api.Auth;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// Quotas per tenant, as Octavia's: <c>GET /v1/quotas/{tenant_id}</c> answers <c>{"quota": {...}}</c> with
/// the limits that hold (-1: unlimited) and the tenant's use (<c>in_use</c>) — to an admin, or a token of that
/// tenant (another's is a 404); <c>GET /v1/quotas/defaults</c> the defaults; an admin lists the tenants given
/// their own (<c>GET /v1/quotas</c>), sets some or all of a tenant's (<c>PUT</c>, body
/// <c>{"quota": {"services": 10}}</c>) and gives it the defaults again (<c>DELETE</c>, 204). A create that would
/// go over one is refused quota_exceeded (<see cref="FaultProblems"/>), over REST and over RPC alike.
/// </summary>
public static class QuotaViews
{
    /// <summary>The body of <c>PUT /v1/quotas/{tenant_id}</c>.</summary>
    public sealed record SetQuota(QuotaLimits Quota);

    public static IEndpointRouteBuilder MapQuotaViewsV1(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/v1/quotas").RequireAuthorization(ApiPolicies.Read).WithTags("quotas").Refuses(StatusCodes.Status401Unauthorized);
        read.MapGet("/defaults", (QuotaRepository quotas) => TypedResults.Ok(new QuotaDefaultsAnswer(quotas.Defaults)));
        read.MapGet("/{tenantId:guid}", async (HttpContext context, Guid tenantId, QuotaRepository quotas) =>
            Caller.Of(context.User).Sees(tenantId)
                ? (IResult)TypedResults.Ok(new QuotaAnswer(await quotas.GetAsync(tenantId, context.RequestAborted)))
                : FaultProblems.NotFound($"quota of tenant {tenantId}")).Produces<QuotaAnswer>().Refuses(StatusCodes.Status404NotFound);

        var admin = app.MapGroup("/v1/quotas").RequireAuthorization(ApiPolicies.Admin).WithTags("quotas")
            .Refuses(StatusCodes.Status401Unauthorized).Refuses(StatusCodes.Status403Forbidden);
        admin.MapGet("", async (HttpContext context, QuotaRepository quotas) => TypedResults.Ok(new QuotasAnswer(await quotas.ListAsync(context.RequestAborted))));
        admin.MapPut("/{tenantId:guid}", SetAsync).Produces<QuotaAnswer>().Refuses(StatusCodes.Status400BadRequest);
        admin.MapDelete("/{tenantId:guid}", async (HttpContext context, Guid tenantId, QuotaRepository quotas) =>
        {
            await quotas.ResetAsync(tenantId, context.RequestAborted);
            return TypedResults.NoContent();
        });
        return app;
    }

    private static async Task<IResult> SetAsync(HttpContext context, Guid tenantId, SetQuota request, QuotaRepository quotas)
    {
        var limits = request.Quota;
        var errors = new[] { ("services", limits?.Services), ("devices", limits?.Devices), ("ports", limits?.Ports) }
            .Where(limit => limit.Item2 is < -1)
            .Select(limit => new FieldError($"quota.{limit.Item1}", FieldErrorCodes.OutOfRange, $"'quota.{limit.Item1}' must be -1 (unlimited) or more."))
            .ToList();
        if (limits is null)
        {
            errors.Add(new FieldError("quota", FieldErrorCodes.Required, "'quota' is required: the limits to set."));
        }
        if (errors.Count > 0)
        {
            return FaultProblems.Of(new RpcFault(RpcFaultCode.InvalidRequest, "The quota is invalid; nothing was changed.", errors));
        }
        return TypedResults.Ok(new QuotaAnswer(await quotas.SetAsync(tenantId, limits!, context.RequestAborted)));
    }
}
