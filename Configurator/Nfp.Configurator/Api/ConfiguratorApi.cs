using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Nfp.Configurator.Auth;
using Nfp.Configurator.Config;
using Nfp.Configurator.Notifications;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Validation;

namespace Nfp.Configurator.Api;

/// <summary>
/// The configurator's REST API (docs/rpc.md): <c>POST /v1/nfp/{method}</c> with a config request is
/// checked at once — a bad one is 400 problem+json naming every wrong field in <c>errors</c>, and changes
/// nothing — and carried out in the background (202); its outcome is a notification, which
/// <c>GET /v1/nfp/get_notifications</c> hands over. <c>/healthz</c> says the configurator is up; every other
/// route answers only the proxy (<see cref="ProxyAuthentication"/>), anyone else 401.
/// </summary>
public static class ConfiguratorApi
{
    private const string WaitField = ConfiguratorApiRoutes.WaitMilliseconds;
    private const string AcknowledgedField = ConfiguratorApiRoutes.Acknowledged;
    private const string InstanceField = ConfiguratorApiRoutes.ConfiguratorInstance;

    public static IEndpointRouteBuilder MapConfiguratorV1(this IEndpointRouteBuilder app)
    {
        var proxyOnly = app.MapGroup("").AddEndpointFilter(ProxyAuthentication.RequireProxyAsync);
        proxyOnly.MapGet(ConfiguratorApiRoutes.GetNotifications, GetNotificationsAsync);
        proxyOnly.MapPost(ConfiguratorApiRoutes.Call, CallAsync);
        app.MapHealthChecks("/healthz");
        return app;
    }

    /// <summary>
    /// The pending notifications; with <c>?wait_milliseconds=N</c> (0–3000) and none pending, first waits up
    /// to N ms for one (a long poll). Without <c>acknowledged</c> the answer drains them; with
    /// <c>?acknowledged=L&amp;configurator_instance=I</c> (the <c>last</c> and <c>configurator_instance</c> of
    /// an earlier answer) those up to L are forgotten and the rest answered and kept (docs/rpc.md). A caller
    /// that hangs up while it waits drains nothing.
    /// </summary>
    private static async Task<Results<Ok<NotificationList>, ProblemHttpResult>> GetNotificationsAsync(
        [FromQuery(Name = WaitField)] string? wait, [FromQuery(Name = AcknowledgedField)] string? acknowledged,
        [FromQuery(Name = InstanceField)] string? instance, PendingNotifications pending, HttpContext http)
    {
        var errors = new List<FieldError>();
        if (!int.TryParse(wait ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            errors.Add(new FieldError(WaitField, FieldErrorCodes.Malformed, $"{WaitField} must be a whole number of milliseconds."));
        }
        long? kept = null;
        if (acknowledged is not null)
        {
            kept = long.TryParse(acknowledged, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
            if (kept is null)
            {
                errors.Add(new FieldError(AcknowledgedField, FieldErrorCodes.Malformed, $"{AcknowledgedField} must be a whole number (a last of an earlier answer)."));
            }
        }
        Guid? from = null;
        if (instance is not null)
        {
            from = Guid.TryParse(instance, out var id) ? id : null;
            if (from is null)
            {
                errors.Add(new FieldError(InstanceField, FieldErrorCodes.Malformed, $"{InstanceField} must be a UUID (the configurator_instance of an earlier answer)."));
            }
        }
        if (errors.Count == 0)
        {
            errors.AddRange(Contracts.Validate(new GetNotifications(milliseconds, kept, from)));
        }
        if (errors.Count > 0)
        {
            return Invalid("get_notifications", errors);
        }
        return TypedResults.Ok(await pending.PullAsync(kept, from, TimeSpan.FromMilliseconds(milliseconds), http.RequestAborted));
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> CallAsync(string method, HttpRequest http, ConfigCalls calls)
    {
        if (!NfpJson.TryParseWireName<ConfiguratorMethod>(method, out var known))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"No configurator method '{method}'.");
        }
        using var reader = new StreamReader(http.Body);
        var read = Contracts.Read<ConfigRequest>(await reader.ReadToEndAsync(http.HttpContext.RequestAborted));
        var call = read.Value is { } request ? new ConfiguratorCall(known, request) : null;
        var errors = call is null ? read.Errors : calls.Check(call);
        if (errors.Count > 0)
        {
            return Invalid(method, errors);
        }
        calls.Start(call!);
        return TypedResults.Accepted((string?)null);
    }

    private static ProblemHttpResult Invalid(string method, IReadOnlyList<FieldError> errors) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            detail: $"The {method} request is invalid; nothing was changed.", extensions: new Dictionary<string, object?> { ["errors"] = errors });
}
