using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nfp.NetworkServiceManager.Api;

public static class HealthEndpoint
{
    /// <summary>The report: the overall status, and each check's with what it found.</summary>
    public sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, CheckAnswer> Checks);

    public sealed record CheckAnswer(string Status, string? Description);

    /// <summary>
    /// <c>GET /healthz</c>, without a token: 200 with <c>{"status":"Healthy","checks":{"postgres":{...}}}</c>
    /// unless a check is unhealthy, 503 with the same shape naming what failed then.
    /// </summary>
    public static IEndpointRouteBuilder MapNfpHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", async (HealthCheckService health, HttpContext context) =>
            {
                var report = await health.CheckHealthAsync(context.RequestAborted);
                var answer = new HealthAnswer(report.Status.ToString(),
                    report.Entries.ToDictionary(entry => entry.Key, entry => new CheckAnswer(entry.Value.Status.ToString(), entry.Value.Description)));
                return TypedResults.Json(answer, statusCode: report.Status == HealthStatus.Unhealthy
                    ? StatusCodes.Status503ServiceUnavailable
                    : StatusCodes.Status200OK);
            })
            .AllowAnonymous().WithTags("health")
            .Produces<HealthAnswer>().Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }
}
