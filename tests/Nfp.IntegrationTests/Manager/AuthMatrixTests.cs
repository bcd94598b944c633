using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// Every route of the operator API (taken from the manager's own route table, so a route added later is
/// in the matrix too) × every kind of caller: none or an unknown token is a 401 but on the routes open to
/// anyone; a member or reader is a 403 on an admin's route and a reader on a write; a token of another
/// tenant gets a 404 for a resource it names; its own tenant's token gets past all of that. Every answer
/// is below 500.
/// </summary>
public sealed partial class AuthMatrixTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    private sealed record Route(string Method, string Pattern, string? Policy, bool Anonymous);

    private List<Route> Routes() =>
        manager.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method => new Route(
                method, "/" + e.RoutePattern.RawText!.Trim('/'),
                e.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null),
                e.Metadata.GetMetadata<IAllowAnonymous>() is not null)))
            // The reference page's own files are served at paths of its choosing.
            .Where(r => !r.Pattern.Contains("{*", StringComparison.Ordinal))
            .ToList();

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    /// <summary>A tenant's service with a device, an instance and an operation: what the routes' ids name.</summary>
    private sealed record Owned(Guid Tenant, Guid Service, Guid Device, Guid Instance, Guid Operation)
    {
        public string Path(string pattern) => Parameter().Replace(pattern, match => match.Groups[1].Value switch
        {
            "tenantId" => Tenant.ToString(),
            "id" when pattern.StartsWith("/v1/nsds", StringComparison.Ordinal) => Device.ToString(),
            "id" when pattern.StartsWith("/v1/instances", StringComparison.Ordinal) => Instance.ToString(),
            "id" when pattern.StartsWith("/v1/operations", StringComparison.Ordinal) => Operation.ToString(),
            "id" when pattern.StartsWith("/v1/network_services", StringComparison.Ordinal) => Service.ToString(),
            _ => Guid.NewGuid().ToString(),
        });
    }

    private async Task<Owned> OwnedAsync(Guid tenant)
    {
        var source = manager.Database.DataSource;
        var service = await new NetworkServiceRepository(source).CreateAsync(Rows.NetworkService(tenant));
        service = await new NetworkServiceRepository(source).SetProvisioningStatusAsync(service.Id, service.Version, ProvisioningStatus.Active, "test");
        var device = await new NetworkServiceDeviceRepository(source).CreateAsync(Rows.Device(tenant));
        var instance = await new NetworkServiceInstanceRepository(source).CreateAsync(Rows.Instance(service, device.Id));
        var operation = await new OperationRepository(source).CreateAsync(Rows.Operation(service.Id, OperationKind.Monitor));
        return new Owned(tenant, service.Id, device.Id, instance.Id, operation.Id);
    }

    private async Task<string> TokenAsync(Guid tenant, string role)
    {
        using var admin = manager.Http();
        var made = await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { tenant_id = tenant, role });
        return JsonDocument.Parse(await made.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
    }

    private async Task<HttpStatusCode> CallAsync(Route route, string path, string? token)
    {
        using var http = token is null ? manager.Factory.CreateClient() : manager.Http(token);
        using var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(path, UriKind.Relative))
        {
            Content = route.Method is "POST" or "PUT" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
        };
        var response = await http.SendAsync(request);
        Assert.True((int)response.StatusCode < 500, $"{route.Method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response.StatusCode;
    }

    [Fact]
    public async Task Every_route_answers_each_caller_as_its_role_and_tenant_allow()
    {
        var (mine, theirs) = (Guid.NewGuid(), Guid.NewGuid());
        var callers = new Dictionary<string, string?>
        {
            ["none"] = null, ["unknown"] = "not-a-token", ["member"] = await TokenAsync(mine, "member"), ["reader"] = await TokenAsync(mine, "reader"),
            ["admin"] = manager.AdminToken,
        };
        var routes = Routes();
        Assert.True(routes.Count >= 30, $"{routes.Count} routes");
        var failures = new List<string>();
        foreach (var route in routes)
        {
            // Each route gets services of its own: a member's DELETE must not take another route's.
            var (own, other) = (await OwnedAsync(mine), await OwnedAsync(theirs));
            foreach (var (caller, token) in callers)
            {
                var status = await CallAsync(route, own.Path(route.Pattern), token);
                var expected = Expected(route, caller);
                if (expected is { } must ? status != must : status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    failures.Add($"{route.Method} {route.Pattern} as {caller}: {(int)status}, expected {(expected is { } e ? ((int)e).ToString(System.Globalization.CultureInfo.InvariantCulture) : "past authorization")}");
                }
            }
            // What names another tenant's resource is not there for a member or reader (nor is its quota).
            if (!route.Anonymous && route.Policy != "admin" && Parameter().IsMatch(route.Pattern))
            {
                foreach (var caller in route.Policy == "write" ? new[] { "member" } : ["member", "reader"])
                {
                    var status = await CallAsync(route, other.Path(route.Pattern), callers[caller]);
                    if (status != HttpStatusCode.NotFound)
                    {
                        failures.Add($"{route.Method} {route.Pattern} of another tenant as {caller}: {(int)status}, expected 404");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>What a caller must get from a route of its own tenant, or null: anything past authentication and authorization.</summary>
    private static HttpStatusCode? Expected(Route route, string caller) => (route.Anonymous, route.Policy, caller) switch
    {
        (true, _, _) => null,
        (_, _, "none" or "unknown") => HttpStatusCode.Unauthorized,
        (_, "admin", "member" or "reader") => HttpStatusCode.Forbidden,
        (_, "write", "reader") => HttpStatusCode.Forbidden,
        _ => null,
    };
}
