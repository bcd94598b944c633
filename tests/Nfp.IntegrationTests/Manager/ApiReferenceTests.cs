using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// The operator API's OpenAPI 3.1 document (<c>/openapi/v1.json</c>) against the API itself: every route the
/// manager serves is in it with its method, and real answers — lists, reads, writes, refusals — validate
/// against the schema it gives for their path, method and status; the reference page is served whole from here.
/// </summary>
public sealed partial class ApiReferenceTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    private async Task<JsonObject> DocumentAsync()
    {
        using var anonymous = manager.Factory.CreateClient();
        var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    [Fact]
    public async Task Every_route_is_in_the_document_with_its_method_and_the_document_is_openapi_3_1()
    {
        var document = await DocumentAsync();
        Assert.StartsWith("3.1", document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var paths = document["paths"]!.AsObject();

        var routes = manager.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                .Select(method => (Path: "/" + RouteParameter().Replace(e.RoutePattern.RawText!, "{$1}").Trim('/'), Method: method.ToLowerInvariant())))
            // The document itself and the reference page's own files are not operations of the API.
            .Where(r => !r.Path.StartsWith("/openapi/", StringComparison.Ordinal) && !r.Path.StartsWith("/reference", StringComparison.Ordinal))
            .ToList();

        Assert.True(routes.Count >= 30, $"{routes.Count} routes");
        Assert.All(routes, route => Assert.True(paths[route.Path]?[route.Method] is not null, $"{route.Method} {route.Path} is not in the document"));
        Assert.Empty(paths["/healthz"]!["get"]!["security"]!.AsArray());
        // Answers are described field by field, so that validating one against its schema can fail.
        var page = document["components"]!["schemas"]!["NetworkServicePage"]!;
        Assert.Contains("network_services", page["required"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.NotNull(document["components"]!["schemas"]!["NetworkService"]!["properties"]!["provisioning_status"]);
    }

    [Fact]
    public async Task Real_answers_validate_against_the_documents_schemas()
    {
        var document = await DocumentAsync();
        using var admin = manager.Http();
        var tenant = Guid.NewGuid();
        var create = await admin.PostAsync(new Uri("/v1/network_services", UriKind.Relative), Json(new
        {
            tenant_id = tenant, service_id = Guid.NewGuid(), name = "documented",
            service_profile = new { id = Guid.NewGuid(), service_type = "loadbalancer", service_vendor = "haproxy" },
            port_info = new[]
            {
                new { id = Guid.NewGuid(), port_policy = "gbp_policy_target", port_classification = "provider", network = "tenant-web" },
                new { id = Guid.NewGuid(), port_policy = "gbp_policy_target", port_classification = "consumer", network = "tenant-users" },
            },
        }));
        var accepted = await ValidAsync(document, create, "/v1/network_services", "post");
        var (service, operation) = (accepted.GetProperty("network_service_id").GetGuid(), accepted.GetProperty("operation_id").GetGuid());
        var device = await new NetworkServiceDeviceRepository(manager.Database.DataSource).CreateAsync(Rows.Device(tenant));
        await admin.PutAsJsonAsync(new Uri($"/v1/quotas/{tenant}", UriKind.Relative), new { quota = new { services = 10 } });
        var instance = (await new NetworkServiceInstanceRepository(manager.Database.DataSource).WhereAsync("network_service_id", service))[0];

        var reads = new (string Path, string Template)[]
        {
            ("/", "/"), ("/healthz", "/healthz"),
            ("/v1/network_services", "/v1/network_services"), ($"/v1/network_services/{service}", "/v1/network_services/{id}"),
            ($"/v1/network_services/{service}/status", "/v1/network_services/{id}/status"), ($"/v1/network_services/{service}/ports", "/v1/network_services/{id}/ports"),
            ("/v1/nsds", "/v1/nsds"), ($"/v1/nsds/{device.Id}", "/v1/nsds/{id}"),
            ("/v1/instances", "/v1/instances"), ($"/v1/instances/{instance.Id}", "/v1/instances/{id}"),
            ("/v1/operations", "/v1/operations"), ($"/v1/operations/{operation}", "/v1/operations/{id}"), ($"/v1/operations/{operation}/steps", "/v1/operations/{id}/steps"),
            ("/v1/tokens", "/v1/tokens"), ("/v1/quotas", "/v1/quotas"), ("/v1/quotas/defaults", "/v1/quotas/defaults"), ($"/v1/quotas/{tenant}", "/v1/quotas/{tenantId}"),
            // Refusals: a bad query (400), another's or no resource (404).
            ("/v1/network_services?limit=0", "/v1/network_services"), ($"/v1/nsds/{Guid.NewGuid()}", "/v1/nsds/{id}"),
        };
        foreach (var (path, template) in reads)
        {
            await ValidAsync(document, await admin.GetAsync(new Uri(path, UriKind.Relative)), template, "get");
        }
        await ValidAsync(document, await admin.PutAsync(new Uri($"/v1/network_services/{service}", UriKind.Relative), Json(new { service_config = new { } })),
            "/v1/network_services/{id}", "put"); // 409: PENDING_CREATE
        await ValidAsync(document, await admin.PostAsync(new Uri("/v1/network_services", UriKind.Relative), Json(new { tenant_id = "x" })), "/v1/network_services", "post");
        await ValidAsync(document, await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { role = "reader", tenant_id = tenant }), "/v1/tokens", "post");
    }

    [Fact]
    public async Task The_reference_page_and_its_script_are_served_from_here_without_a_token()
    {
        using var anonymous = manager.Factory.CreateClient();
        var page = await anonymous.GetAsync(new Uri("/reference", UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var scripts = Regex.Matches(html, "<script[^>]*src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        var bytes = 0;
        foreach (var script in scripts)
        {
            Assert.False(Uri.TryCreate(script, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal), $"{script} is fetched from elsewhere");
            var served = await anonymous.GetAsync(new Uri(new Uri(page.RequestMessage!.RequestUri!, "/reference/"), script));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            bytes += (await served.Content.ReadAsByteArrayAsync()).Length;
        }
        Assert.True(bytes > 100_000, $"{bytes} bytes of script: the reference page's own is served here");
        Assert.Contains("NFP operator API", html, StringComparison.Ordinal);
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    /// <summary>
    /// Validates the answer's body against the schema the document gives for <paramref name="path"/>,
    /// <paramref name="method"/>, its status and content type — which must be there — and returns the body.
    /// </summary>
    private static async Task<JsonElement> ValidAsync(JsonObject document, HttpResponseMessage response, string path, string method)
    {
        var text = await response.Content.ReadAsStringAsync();
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        var described = document["paths"]?[path]?[method]?["responses"]?[status]?["content"]?[mediaType]?["schema"];
        Assert.True(described is not null, $"{method} {path} answered {status} {mediaType}, which the document does not describe: {text}");
        // The document's schemas are JSON Schema 2020-12 (OpenAPI 3.1): validated with the components as $defs.
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = document["components"]!["schemas"]!.DeepClone(),
        };
        foreach (var (key, value) in described!.AsObject())
        {
            schema[key] = value!.DeepClone();
        }
        var rewritten = schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
        var results = JsonSchema.FromText(rewritten).Evaluate(JsonNode.Parse(text), new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, $"{method} {path} {status}: {text}\n" + string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} {e.Key}: {e.Value}"))));
        return JsonDocument.Parse(text).RootElement;
    }
}
