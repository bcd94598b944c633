using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Nfp.NetworkServiceManager.Api;

public static class HealthEndpoint
{
    /// <summary>
    /// <c>GET /healthz</c>: 200 with <c>{"status":"Healthy","checks":{"postgres":"schema at ..."}}</c>
    /// when every check passes, 503 with the same shape naming what failed otherwise.
    /// </summary>
    public static IEndpointRouteBuilder MapNfpHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteReport });
        return app;
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(entry => entry.Key, entry => new
            {
                status = entry.Value.Status.ToString(),
                description = entry.Value.Description,
            }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
