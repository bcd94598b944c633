using Microsoft.AspNetCore.Http.HttpResults;
using Nfp.Schema.Json;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// The operator API's refusals as RFC 9457 problem+json: an RPC's <see cref="RpcFault"/> keeps its
/// <c>code</c> and field <c>errors</c> as extensions, with the HTTP status that says the same —
/// invalid_request 400, not_found 404, conflict 409, quota_exceeded 409 (with each quota gone over: its
/// limit, use and what was requested), unavailable 503, internal_error 500. A quota is a 409 rather than
/// Octavia's 403: the request is allowed to the caller, and would be taken once the tenant's use is lower.
/// </summary>
internal static class FaultProblems
{
    /// <summary>
    /// What a refusal holds, for the OpenAPI document (the answer itself is ASP.NET Core's problem details
    /// with these extensions): RFC 9457's members, the fault's <c>code</c>, the fields at fault, the quotas
    /// gone over, and the request's trace id.
    /// </summary>
    public sealed record Problem(
        string? Type, string? Title, int? Status, string? Detail, string? Instance = null, string? Code = null,
        IReadOnlyList<FieldError>? Errors = null, IReadOnlyList<QuotaUse>? Quotas = null, string? TraceId = null);

    /// <summary>Declares, for the OpenAPI document, the refusals a route may answer with.</summary>
    public static TBuilder Refuses<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder =>
        statuses.Aggregate(builder, (route, status) =>
            route.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(Problem), ["application/problem+json"])));

    public static ProblemHttpResult Of(RpcFault fault)
    {
        var (status, title) = fault.Code switch
        {
            RpcFaultCode.InvalidRequest => (StatusCodes.Status400BadRequest, "Invalid request"),
            RpcFaultCode.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            RpcFaultCode.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            RpcFaultCode.QuotaExceeded => (StatusCodes.Status409Conflict, "Quota exceeded"),
            RpcFaultCode.Unavailable => (StatusCodes.Status503ServiceUnavailable, "Unavailable"),
            _ => (StatusCodes.Status500InternalServerError, "Internal error"),
        };
        var extensions = new Dictionary<string, object?> { ["code"] = NfpJson.WireName(fault.Code), ["errors"] = fault.Errors };
        if (fault.Quotas is { } quotas)
        {
            extensions["quotas"] = quotas;
        }
        return TypedResults.Problem(statusCode: status, title: title, detail: fault.Message, extensions: extensions);
    }

    /// <summary>404: <c>No {what}.</c></summary>
    public static ProblemHttpResult NotFound(string what) => Of(new RpcFault(RpcFaultCode.NotFound, $"No {what}.", []));

    /// <summary>403: the caller's role or tenant does not allow the request.</summary>
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);
}
