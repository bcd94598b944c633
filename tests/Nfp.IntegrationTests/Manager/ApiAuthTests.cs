using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// The operator API's bearer tokens over the real database: every route but <c>/healthz</c> and version
/// discovery needs one (401 without, or with an unknown, revoked or expired one); a member or reader sees
/// its own tenant only — another tenant's resource is a 404, a list shows none of it — an admin every
/// tenant; only an admin manages tokens (403 for the others), whose secrets are shown once and kept hashed.
/// </summary>
public sealed class ApiAuthTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    private sealed record Owned(Guid Tenant, Guid Service, Guid Device, Guid Operation)
    {
        public string[] Own =>
        [
            $"/v1/network_services/{Service}", $"/v1/network_services/{Service}/status", $"/v1/nsds/{Device}", $"/v1/operations/{Operation}", $"/v1/operations/{Operation}/steps",
        ];
    }

    /// <summary>A service of a new tenant, with its device and an operation.</summary>
    private async Task<Owned> OwnedAsync()
    {
        var tenant = Guid.NewGuid();
        var service = await new NetworkServiceRepository(manager.Database.DataSource).CreateAsync(Rows.NetworkService(tenant));
        var device = await new NetworkServiceDeviceRepository(manager.Database.DataSource).CreateAsync(Rows.Device(tenant));
        var operation = await new OperationRepository(manager.Database.DataSource).CreateAsync(Rows.Operation(service.Id, Schema.Resources.OperationKind.Monitor));
        return new Owned(tenant, service.Id, device.Id, operation.Id);
    }

    private async Task<string> TokenAsync(Guid? tenant, string role, int? expiresInSeconds = null)
    {
        using var admin = manager.Http();
        var response = await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative),
            new { tenant_id = tenant, role, name = $"{role} of {tenant}", expires_in_seconds = expiresInSeconds });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
    }

    private async Task<HttpStatusCode> StatusAsync(string path, string? token)
    {
        using var http = token is null ? manager.Factory.CreateClient() : manager.Http(token);
        var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode != HttpStatusCode.InternalServerError, $"{path}: {await response.Content.ReadAsStringAsync()}");
        return response.StatusCode;
    }

    [Fact]
    public async Task Without_a_token_or_with_an_unknown_one_every_route_is_401_but_health_and_version_discovery()
    {
        var owned = await OwnedAsync();
        foreach (var path in owned.Own.Concat(["/v1/network_services", "/v1/nsds", "/v1/operations", "/v1/tokens"]))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(path, null));
            Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(path, "not-a-token"));
        }
        using var anonymous = manager.Factory.CreateClient();
        var versions = JsonDocument.Parse(await anonymous.GetStringAsync(new Uri("/", UriKind.Relative))).RootElement;
        Assert.Equal("v1", versions.GetProperty("versions")[0].GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("member")]
    [InlineData("reader")]
    public async Task A_tenants_token_reads_its_own_and_gets_404_for_another_tenants(string role)
    {
        var (mine, theirs) = (await OwnedAsync(), await OwnedAsync());
        var token = await TokenAsync(mine.Tenant, role);

        foreach (var path in mine.Own)
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(path, token));
        }
        foreach (var path in theirs.Own)
        {
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(path, token));
        }
        using var http = manager.Http(token);
        var services = await ListedAsync(http, "/v1/network_services?limit=1000", "network_services");
        Assert.Contains(mine.Service, services);
        Assert.DoesNotContain(theirs.Service, services);
        Assert.Empty(await ListedAsync(http, $"/v1/network_services?tenant_id={theirs.Tenant}", "network_services"));
        Assert.Equal([mine.Device], await ListedAsync(http, "/v1/nsds?limit=1000", "nsds"));
        Assert.Equal([mine.Operation], await ListedAsync(http, $"/v1/operations?resource_id={mine.Service}", "operations"));
        Assert.Empty(await ListedAsync(http, $"/v1/operations?resource_id={theirs.Service}", "operations"));
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync("/v1/operations", token));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync("/v1/tokens", token));
        var made = await http.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { tenant_id = mine.Tenant, role = "admin" });
        Assert.Equal(HttpStatusCode.Forbidden, made.StatusCode);
    }

    [Fact]
    public async Task An_admin_reads_every_tenant_and_a_revoked_or_expired_token_is_refused()
    {
        var (first, second) = (await OwnedAsync(), await OwnedAsync());
        foreach (var path in first.Own.Concat(second.Own))
        {
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(path, manager.AdminToken));
        }

        var token = await TokenAsync(first.Tenant, "reader");
        var brief = await TokenAsync(first.Tenant, "reader", expiresInSeconds: 1);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(first.Own[0], brief));
        using var admin = manager.Http();
        var listed = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/v1/tokens", UriKind.Relative))).RootElement.GetProperty("tokens");
        Assert.DoesNotContain(token, listed.GetRawText(), StringComparison.Ordinal);
        var id = listed.EnumerateArray().Last(t => t.GetProperty("name").GetString() == $"reader of {first.Tenant}"
            && t.GetProperty("expires_at").ValueKind == JsonValueKind.Null).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/v1/tokens/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(first.Own[0], token));
        await Eventually.HoldsAsync(async () => await StatusAsync(first.Own[0], brief) == HttpStatusCode.Unauthorized,
            TimeSpan.FromSeconds(5), "the expired token refused");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync(new Uri($"/v1/tokens/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData("{\"role\":\"member\"}", "tenant_id")]
    [InlineData("{\"role\":\"admin\",\"tenant_id\":\"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f\"}", "tenant_id")]
    [InlineData("{\"role\":\"reader\",\"tenant_id\":\"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f\",\"expires_in_seconds\":0}", "expires_in_seconds")]
    public async Task A_bad_token_request_is_a_problem_naming_the_field(string body, string field)
    {
        using var admin = manager.Http();
        var response = await admin.PostAsync(new Uri("/v1/tokens", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(text.Contains($"\"{field}\"", StringComparison.Ordinal), text);
    }

    private static async Task<IReadOnlyList<Guid>> ListedAsync(HttpClient http, string path, string collection) =>
        JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative))).RootElement.GetProperty(collection)
            .EnumerateArray().Select(item => item.GetProperty("id").GetGuid()).ToList();
}
