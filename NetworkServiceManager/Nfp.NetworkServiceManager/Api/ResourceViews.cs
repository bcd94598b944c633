using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// The read views of the operator API, OpenStack style: <c>GET /v1/{collection}</c> answers
/// <c>{"{collection}": [...], "{collection}_links": [{"rel": "next", "href": ...}]}</c>, paged by
/// limit and marker (see <see cref="ListQueryReader"/>); <c>GET /v1/{collection}/{id}</c> answers
/// <c>{"{singular}": {...}}</c> — a network service with what NFP allocated for it beside it, as
/// get_network_service answers (<see cref="NetworkServiceDetail"/>); <c>GET /v1/operations/{id}/steps</c>
/// answers the operation's step runs. Fields are snake_case; refusals are problem+json.
/// </summary>
public static class ResourceViews
{
    public static IEndpointRouteBuilder MapResourceViewsV1(this IEndpointRouteBuilder app)
    {
        Map<NetworkService, NetworkServiceRepository>(app, "network_services", "network_service", get: false);
        app.MapGet("/v1/network_services/{id:guid}", DetailAsync).WithTags("network_services");
        Map<NetworkServiceDevice, NetworkServiceDeviceRepository>(app, "nsds", "nsd");
        Map<Operation, OperationRepository>(app, "operations", "operation");
        app.MapGet("/v1/operations/{id:guid}/steps", StepsAsync).WithTags("operations");
        return app;
    }

    private static void Map<T, TRepository>(IEndpointRouteBuilder app, string collection, string singular, bool get = true)
        where T : IResource
        where TRepository : Repository<T>
    {
        var group = app.MapGroup($"/v1/{collection}").WithTags(collection);
        // Cast: a lambda of HttpContext alone would bind as a RequestDelegate and drop the result.
        group.MapGet("/", (Delegate)((HttpContext context) => ListAsync<T, TRepository>(context, collection)));
        if (get)
        {
            group.MapGet("/{id:guid}", (HttpContext context, Guid id) => GetAsync<T, TRepository>(context, id, singular));
        }
    }

    /// <summary><c>GET /v1/network_services/{id}</c>: <c>{"network_service": {...}, "ports": [...], "devices": [...], "members": [...], "vip_address": ...}</c>.</summary>
    private static async Task<IResult> DetailAsync(HttpContext context, Guid id, NetworkServiceDetails details) =>
        await details.FindAsync(id, context.RequestAborted) is { } detail
            ? TypedResults.Ok(detail)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No network_service {id}.");

    private static async Task<IResult> ListAsync<T, TRepository>(HttpContext context, string collection)
        where T : IResource
        where TRepository : Repository<T>
    {
        var repository = context.RequestServices.GetRequiredService<TRepository>();
        var page = await repository.ListAsync(ListQueryReader.Read(context.Request.Query), cancellationToken: context.RequestAborted);
        var links = page.NextMarker is { } next ? new[] { new PageLink("next", NextHref(context.Request, next)) } : [];
        return TypedResults.Ok(new Dictionary<string, object>
        {
            [collection] = page.Items,
            [$"{collection}_links"] = links,
        });
    }

    private static async Task<IResult> GetAsync<T, TRepository>(HttpContext context, Guid id, string singular)
        where T : IResource
        where TRepository : Repository<T>
    {
        var repository = context.RequestServices.GetRequiredService<TRepository>();
        return await repository.FindAsync(id, cancellationToken: context.RequestAborted) is { } found
            ? TypedResults.Ok(new Dictionary<string, T> { [singular] = found })
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No {singular} {id}.");
    }

    /// <summary><c>GET /v1/operations/{id}/steps</c>: <c>{"operation_steps": [...]}</c>, every run of a step in the order they ran.</summary>
    private static async Task<IResult> StepsAsync(HttpContext context, Guid id, OperationRepository operations)
    {
        if (await operations.FindAsync(id, cancellationToken: context.RequestAborted) is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"No operation {id}.");
        }
        return TypedResults.Ok(new Dictionary<string, object> { ["operation_steps"] = await operations.StepsAsync(id, context.RequestAborted) });
    }

    /// <summary>The same query with the marker of the next page.</summary>
    private static string NextHref(HttpRequest request, Guid marker)
    {
        var query = request.Query.Where(pair => pair.Key != "marker")
            .Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value.ToString())}")
            .Append($"marker={marker}");
        return $"{request.Path}?{string.Join('&', query)}";
    }

    private sealed record PageLink(string Rel, string Href);
}
