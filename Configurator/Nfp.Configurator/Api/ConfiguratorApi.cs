using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
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
/// <c>GET /v1/nfp/get_notifications</c> drains. <c>/healthz</c> says the configurator is up.
/// </summary>
public static class ConfiguratorApi
{
    private const string WaitField = "wait_milliseconds";

    public static IEndpointRouteBuilder MapConfiguratorV1(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/nfp/get_notifications", GetNotificationsAsync);
        app.MapPost("/v1/nfp/{method}", CallAsync);
        app.MapHealthChecks("/healthz");
        return app;
    }

    /// <summary>
    /// Drains the pending notifications; with <c>?wait_milliseconds=N</c> (0–3000) and none pending, first
    /// waits up to N ms for one (a long poll). A caller that hangs up while it waits drains nothing.
    /// </summary>
    private static async Task<Results<Ok<NotificationList>, ProblemHttpResult>> GetNotificationsAsync(
        [FromQuery(Name = WaitField)] string? wait, PendingNotifications pending, HttpContext http)
    {
        IReadOnlyList<FieldError> errors = int.TryParse(wait ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? Contracts.Validate(new GetNotifications(milliseconds))
            : [new FieldError(WaitField, FieldErrorCodes.Malformed, $"{WaitField} must be a whole number of milliseconds.")];
        if (errors.Count > 0)
        {
            return Invalid("get_notifications", errors);
        }
        return TypedResults.Ok(new NotificationList(await pending.DrainAsync(TimeSpan.FromMilliseconds(milliseconds), http.RequestAborted)));
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
