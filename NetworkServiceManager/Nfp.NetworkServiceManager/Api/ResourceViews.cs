using Nfp.NetworkServiceManager.Api.Auth;
using Nfp.NetworkServiceManager.Drivers;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using Nfp.Schema.Validation;

namespace Nfp.NetworkServiceManager.Api;

/// <summary>
/// The read views of the operator API, OpenStack style: <c>GET /v1/{collection}</c> answers
/// <c>{"{collection}": [...], "{collection}_links": [{"rel": "next", "href": ...}]}</c>, paged by
/// limit and marker (see <see cref="ListQueryReader"/>); <c>GET /v1/{collection}/{id}</c> answers
/// <c>{"{singular}": {...}}</c> — a network service with what NFP allocated for it beside it, as
/// get_network_service answers (<see cref="NetworkServiceDetail"/>); <c>GET /v1/operations/{id}/steps</c>
/// answers the operation's step runs. Fields are snake_case; refusals are problem+json. Every route needs a
/// bearer token (<see cref="BearerAuthentication"/>); a member or reader sees its own tenant's resources
/// only — a list is filtered to them, another tenant's resource is a 404 — and lists operations of one of
/// its services at a time (<c>?resource_id=</c>).
/// </summary>
public static class ResourceViews
{
    public static IEndpointRouteBuilder MapResourceViewsV1(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/v1").RequireAuthorization(ApiPolicies.Read).Refuses(StatusCodes.Status401Unauthorized);
        // Casts: a lambda of HttpContext alone would bind as a RequestDelegate and drop the result.
        v1.MapGet("/network_services", NetworkServicesAsync)
            .Lists<NetworkServicePage>("network_services");
        v1.MapGet("/network_services/{id:guid}", DetailAsync).Reads<NetworkServiceDetail>("network_services");
        v1.MapGet("/network_services/{id:guid}/status", StatusAsync).Reads<StatusTree.Answer>("network_services");
        v1.MapGet("/network_services/{id:guid}/ports", PortsAsync).Reads<PortsAnswer>("network_services");
        v1.MapGet("/instances", (Delegate)((HttpContext context) => ListAsync<NetworkServiceInstance, NetworkServiceInstanceRepository>(context, "instances")))
            .Lists<InstancePage>("instances");
        v1.MapGet("/instances/{id:guid}", InstanceAsync).Reads<InstanceAnswer>("instances");
        v1.MapGet("/nsds", (Delegate)((HttpContext context) => ListAsync<NetworkServiceDevice, NetworkServiceDeviceRepository>(context, "nsds"))).Lists<NsdPage>("nsds");
        v1.MapGet("/nsds/{id:guid}", NsdAsync).Reads<NsdAnswer>("nsds");
        v1.MapGet("/operations", OperationsAsync).Lists<OperationPage>("operations");
        v1.MapGet("/operations/{id:guid}", OperationAsync).Reads<OperationAnswer>("operations");
        v1.MapGet("/operations/{id:guid}/steps", StepsAsync).Reads<OperationStepsAnswer>("operations");
        return app;
    }

    /// <summary><c>GET /v1/network_services</c>: a page of services, their configs' secrets redacted.</summary>
    private static Task<IResult> NetworkServicesAsync(HttpContext context, LifecycleDrivers drivers) =>
        ListAsync<NetworkService, NetworkServiceRepository>(context, "network_services", shown: drivers.Shown);

    /// <summary><c>GET /v1/network_services/{id}</c>: <c>{"network_service": {...}, "ports": [...], "devices": [...], "members": [...], "vip_address": ..., "instances": [...]}</c>.</summary>
    private static async Task<IResult> DetailAsync(HttpContext context, Guid id, NetworkServiceDetails details, LifecycleDrivers drivers) =>
        await VisibleDetailAsync(context, id, details) is { } detail ? TypedResults.Ok(drivers.Shown(detail)) : FaultProblems.NotFound($"network_service {id}");

    /// <summary><c>GET /v1/network_services/{id}/status</c>: the status tree (<see cref="StatusTree"/>).</summary>
    private static async Task<IResult> StatusAsync(HttpContext context, Guid id, NetworkServiceDetails details) =>
        await VisibleDetailAsync(context, id, details) is { } detail ? TypedResults.Ok(StatusTree.Of(detail)) : FaultProblems.NotFound($"network_service {id}");

    /// <summary><c>GET /v1/network_services/{id}/ports</c>: <c>{"ports": [...]}</c>, each where it is plugged (once per device of a pair).</summary>
    private static async Task<IResult> PortsAsync(HttpContext context, Guid id, NetworkServiceDetails details) =>
        await VisibleDetailAsync(context, id, details) is { } detail
            ? TypedResults.Ok(new PortsAnswer(detail.Ports))
            : FaultProblems.NotFound($"network_service {id}");

    private static async Task<IResult> InstanceAsync(HttpContext context, Guid id, NetworkServiceInstanceRepository instances) =>
        await instances.FindAsync(id, cancellationToken: context.RequestAborted) is { } instance && Caller.Of(context.User).Sees(instance.TenantId)
            ? TypedResults.Ok(new InstanceAnswer(instance))
            : FaultProblems.NotFound($"instance {id}");

    /// <summary>A network service with what NFP allocated for it, if the caller sees its tenant.</summary>
    private static async Task<NetworkServiceDetail?> VisibleDetailAsync(HttpContext context, Guid id, NetworkServiceDetails details) =>
        await details.FindAsync(id, context.RequestAborted) is { } detail && Caller.Of(context.User).Sees(detail.NetworkService.TenantId) ? detail : null;

    private static async Task<IResult> NsdAsync(HttpContext context, Guid id, NetworkServiceDeviceRepository devices) =>
        await devices.FindAsync(id, cancellationToken: context.RequestAborted) is { } device && Caller.Of(context.User).Sees(device.TenantId)
            ? TypedResults.Ok(new NsdAnswer(device))
            : FaultProblems.NotFound($"nsd {id}");

    private static async Task<IResult> OperationAsync(HttpContext context, Guid id, OperationRepository operations, NetworkServiceRepository services) =>
        await VisibleOperationAsync(context, id, operations, services) is { } operation
            ? TypedResults.Ok(new OperationAnswer(operation))
            : FaultProblems.NotFound($"operation {id}");

    /// <summary><c>GET /v1/operations/{id}/steps</c>: <c>{"operation_steps": [...]}</c>, every run of a step in the order they ran.</summary>
    private static async Task<IResult> StepsAsync(HttpContext context, Guid id, OperationRepository operations, NetworkServiceRepository services) =>
        await VisibleOperationAsync(context, id, operations, services) is not null
            ? TypedResults.Ok(new OperationStepsAnswer(await operations.StepsAsync(id, context.RequestAborted)))
            : FaultProblems.NotFound($"operation {id}");

    /// <summary>An operation, if the caller sees the network service it is of.</summary>
    private static async Task<Operation?> VisibleOperationAsync(HttpContext context, Guid id, OperationRepository operations, NetworkServiceRepository services) =>
        await operations.FindAsync(id, cancellationToken: context.RequestAborted) is { } operation
        && (Caller.Of(context.User).IsAdmin
            || await services.FindAsync(operation.ResourceId, cancellationToken: context.RequestAborted) is { } service && Caller.Of(context.User).Sees(service.TenantId))
            ? operation
            : null;

    /// <summary><c>GET /v1/operations</c>: a member or reader names one of its services (<c>resource_id</c>); another tenant's lists nothing.</summary>
    private static async Task<IResult> OperationsAsync(HttpContext context, NetworkServiceRepository services)
    {
        var caller = Caller.Of(context.User);
        if (!caller.IsAdmin)
        {
            var query = ListQueryReader.Read(context.Request.Query);
            if (query.Filters?.GetValueOrDefault("resource_id") is not [var resource] || !Guid.TryParse(resource, out var serviceId))
            {
                throw new InvalidQueryException(new FieldError("resource_id", FieldErrorCodes.Required,
                    "'resource_id' (a network service of the caller's tenant) is required to list operations with a tenant's token."));
            }
            if (await services.FindAsync(serviceId, cancellationToken: context.RequestAborted) is not { } service || !caller.Sees(service.TenantId))
            {
                return EmptyPage("operations");
            }
        }
        return await ListAsync<Operation, OperationRepository>(context, "operations", tenantScoped: false);
    }

    /// <summary>
    /// A page of the collection; a member's or reader's filtered to its tenant (<paramref name="tenantScoped"/>);
    /// each item as <paramref name="shown"/> makes it (a service's config without its secrets).
    /// </summary>
    private static async Task<IResult> ListAsync<T, TRepository>(HttpContext context, string collection, bool tenantScoped = true, Func<T, T>? shown = null)
        where T : IResource
        where TRepository : Repository<T>
    {
        var repository = context.RequestServices.GetRequiredService<TRepository>();
        var query = ListQueryReader.Read(context.Request.Query);
        var caller = Caller.Of(context.User);
        if (tenantScoped && !caller.IsAdmin)
        {
            // Another tenant asked for by name lists nothing, as its resources are 404s.
            if (query.Filters?.GetValueOrDefault("tenant_id") is { } asked && asked.Any(t => !Guid.TryParse(t, out var tenant) || !caller.Sees(tenant)))
            {
                return EmptyPage(collection);
            }
            query = query with { Filters = new Dictionary<string, string[]>(query.Filters ?? new Dictionary<string, string[]>()) { ["tenant_id"] = [caller.TenantId!.Value.ToString()] } };
        }
        var fields = FieldSelection.Read<T>(context.Request.Query);
        var page = await repository.ListAsync(query, cancellationToken: context.RequestAborted);
        var links = new[] { ("next", page.NextMarker, false), ("previous", page.PreviousMarker, true) }
            .Where(link => link.Item2 is not null)
            .Select(link => new PageLink(link.Item1, PageHref(context.Request, link.Item2!.Value, link.Item3)))
            .ToArray();
        return Page(collection, FieldSelection.Apply(shown is null ? page.Items : page.Items.Select(shown).ToList(), fields), links);
    }

    /// <summary><c>{"{collection}": [...], "{collection}_links": [...]}</c>.</summary>
    private static Microsoft.AspNetCore.Http.HttpResults.Ok<Dictionary<string, object>> Page(string collection, object items, PageLink[] links) =>
        TypedResults.Ok(new Dictionary<string, object> { [collection] = items, [$"{collection}_links"] = links });

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<Dictionary<string, object>> EmptyPage(string collection) => Page(collection, Array.Empty<object>(), []);

    /// <summary>The same query from <paramref name="marker"/> on, forwards (the next page) or back (<paramref name="reverse"/>: the previous).</summary>
    private static string PageHref(HttpRequest request, Guid marker, bool reverse)
    {
        var query = request.Query.Where(pair => pair.Key is not ("marker" or "page_reverse"))
            .SelectMany(pair => pair.Value.Select(value => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(value ?? "")}"))
            .Append($"marker={marker}");
        return $"{request.Path}?{string.Join('&', reverse ? query.Append("page_reverse=true") : query)}";
    }

    /// <summary>A list's OpenAPI description: its page, and the 400 of a bad query.</summary>
    private static RouteHandlerBuilder Lists<TPage>(this RouteHandlerBuilder route, string tag) =>
        route.WithTags(tag).Produces<TPage>().Refuses(StatusCodes.Status400BadRequest);

    /// <summary>A read's OpenAPI description: its answer, and the 404 of what the caller does not see.</summary>
    private static RouteHandlerBuilder Reads<TAnswer>(this RouteHandlerBuilder route, string tag) =>
        route.WithTags(tag).Produces<TAnswer>().Refuses(StatusCodes.Status404NotFound);
}
