using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// The operator API's writes and actions over the real database: each is the RPC of the same name —
/// 202 with the operation and its Location, 409 while the service is PENDING_*, problem+json naming the
/// fields and writing nothing — a member's limited to its tenant (404 for another's, 403 to create there),
/// a reader's refused (403), failover and retry an admin's.
/// </summary>
public sealed class WriteViewTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    private static object Create(Guid tenant, Guid? port = null) => new
    {
        tenant_id = tenant,
        service_id = Guid.NewGuid(),
        name = "web-lb",
        service_profile = new { id = Guid.NewGuid(), service_type = "loadbalancer", service_vendor = "haproxy" },
        port_info = new object[]
        {
            new { id = port ?? Guid.NewGuid(), port_policy = "gbp_policy_target", port_classification = "provider", network = "tenant-web" },
            new { id = Guid.NewGuid(), port_policy = "gbp_policy_target", port_classification = "consumer", network = "tenant-users" },
        },
    };

    private NetworkServiceRepository Services => new(manager.Database.DataSource);

    /// <summary>An ACTIVE service of <paramref name="tenant"/>, written directly: no operation of it runs.</summary>
    private async Task<Guid> ActiveAsync(Guid tenant)
    {
        var service = await Services.CreateAsync(Rows.NetworkService(tenant));
        await Services.SetProvisioningStatusAsync(service.Id, service.Version, ProvisioningStatus.Active, "test");
        return service.Id;
    }

    private async Task<string> TokenAsync(Guid tenant, string role)
    {
        using var admin = manager.Http();
        var response = await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { tenant_id = tenant, role });
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string path, object? body = null) =>
        http.SendAsync(new HttpRequestMessage(method, new Uri(path, UriKind.Relative))
        {
            Content = body is null ? null : new StringContent(body as string ?? JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        });

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task A_create_is_202_with_its_operation_and_location_then_an_update_is_409_while_pending()
    {
        using var admin = manager.Http();
        var response = await SendAsync(admin, HttpMethod.Post, "/v1/network_services", Create(Guid.NewGuid()));

        var accepted = await ExpectAsync(response, HttpStatusCode.Accepted);
        var (service, operation) = (accepted.GetProperty("network_service_id").GetGuid(), accepted.GetProperty("operation_id").GetGuid());
        Assert.Equal("PENDING_CREATE", accepted.GetProperty("provisioning_status").GetString());
        Assert.Equal($"/v1/operations/{operation}", response.Headers.Location!.ToString());
        var kind = (await ExpectAsync(await admin.GetAsync(response.Headers.Location), HttpStatusCode.OK)).GetProperty("operation").GetProperty("kind");
        Assert.Equal("create", kind.GetString());

        var update = await ExpectAsync(await SendAsync(admin, HttpMethod.Put, $"/v1/network_services/{service}", new { service_config = new { } }), HttpStatusCode.Conflict);
        Assert.Equal("conflict", update.GetProperty("code").GetString());
        Assert.Contains("PENDING_CREATE", update.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"tenant_id\":\"not-a-uuid\"}", "tenant_id")]
    [InlineData("{\"tenant_id\":\"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f\",\"service_id\":\"6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f\",\"port_info\":[]}", "service_profile")]
    [InlineData("{\"tenant_id\":", "")]
    [InlineData("[1,2]", "")]
    public async Task An_invalid_create_is_a_400_problem_naming_the_field_and_writes_nothing(string body, string field)
    {
        using var admin = manager.Http();
        var before = (await Services.ListAsync(new ListQuery(Limit: 1000))).Items.Count;

        var problem = await ExpectAsync(await SendAsync(admin, HttpMethod.Post, "/v1/network_services", body), HttpStatusCode.BadRequest);

        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("field").GetString() == field);
        Assert.Equal(before, (await Services.ListAsync(new ListQuery(Limit: 1000))).Items.Count);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_a_415_and_one_naming_the_service_itself_a_400()
    {
        using var admin = manager.Http();
        var id = await ActiveAsync(Guid.NewGuid());
        var plain = await admin.PutAsync(new Uri($"/v1/network_services/{id}", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "text/plain"));
        await ExpectAsync(plain, HttpStatusCode.UnsupportedMediaType);
        var named = await ExpectAsync(await SendAsync(admin, HttpMethod.Put, $"/v1/network_services/{id}",
            new { network_service_id = Guid.NewGuid(), service_config = new { } }), HttpStatusCode.BadRequest);
        Assert.Equal("network_service_id", named.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(ProvisioningStatus.Active, (await Services.GetAsync(id)).ProvisioningStatus);
    }

    [Fact]
    public async Task A_member_adds_and_removes_members_and_consumers_of_its_services_and_deletes_them()
    {
        var tenant = Guid.NewGuid();
        using var member = manager.Http(await TokenAsync(tenant, "member"));
        var id = await ActiveAsync(tenant);
        var target = new { id = Guid.NewGuid(), policy_target_group_id = Guid.NewGuid(), ip_address = "10.0.0.7" };

        var added = await ExpectAsync(await SendAsync(member, HttpMethod.Post, $"/v1/network_services/{id}/members", new { policy_target = target }), HttpStatusCode.Accepted);
        Assert.Equal("PENDING_UPDATE", added.GetProperty("provisioning_status").GetString());
        await ExpectAsync(await SendAsync(member, HttpMethod.Delete, $"/v1/network_services/{id}/members/{target.id}"), HttpStatusCode.Conflict);
        await RestAsync(id);
        await ExpectAsync(await SendAsync(member, HttpMethod.Delete, $"/v1/network_services/{id}/members/{target.id}"), HttpStatusCode.Accepted);
        await RestAsync(id);
        await ExpectAsync(await SendAsync(member, HttpMethod.Delete, $"/v1/network_services/{id}/members/{target.id}"), HttpStatusCode.NotFound);

        var group = new { id = Guid.NewGuid(), subnet_cidrs = new[] { "10.9.0.0/24" } };
        await ExpectAsync(await SendAsync(member, HttpMethod.Post, $"/v1/network_services/{id}/consumers", new { consumer_ptg = group }), HttpStatusCode.Accepted);
        await RestAsync(id);
        await ExpectAsync(await SendAsync(member, HttpMethod.Delete, $"/v1/network_services/{id}/consumers/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        var removed = await ExpectAsync(await SendAsync(member, HttpMethod.Delete, $"/v1/network_services/{id}/consumers/{group.id}"), HttpStatusCode.Accepted);
        var operation = await new OperationRepository(manager.Database.DataSource).GetAsync(removed.GetProperty("operation_id").GetGuid());
        Assert.Equal(OperationKind.ConsumerRemove, operation.Kind);
        Assert.Contains("10.9.0.0/24", operation.Parameters.GetRawText(), StringComparison.Ordinal);
        await RestAsync(id);
        await ExpectAsync(await SendAsync(member, HttpMethod.Put, $"/v1/network_services/{id}/chain_parameters", new { chain_parameters = new Dictionary<string, string> { ["vip"] = "1" } }), HttpStatusCode.Accepted);
        await RestAsync(id);

        var deleted = await ExpectAsync(await SendAsync(member, HttpMethod.Delete, $"/v1/network_services/{id}"), HttpStatusCode.Accepted);
        Assert.Equal("PENDING_DELETE", deleted.GetProperty("provisioning_status").GetString());
        await ExpectAsync(await SendAsync(member, HttpMethod.Delete, $"/v1/network_services/{id}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Another_tenants_service_is_404_a_create_in_another_tenant_403_a_readers_write_403_and_actions_the_admins()
    {
        var (mine, theirs) = (Guid.NewGuid(), Guid.NewGuid());
        var (theirService, myService) = (await ActiveAsync(theirs), await ActiveAsync(mine));
        using var member = manager.Http(await TokenAsync(mine, "member"));
        using var reader = manager.Http(await TokenAsync(mine, "reader"));
        using var anonymous = manager.Factory.CreateClient();

        await ExpectAsync(await SendAsync(member, HttpMethod.Post, "/v1/network_services", Create(theirs)), HttpStatusCode.Forbidden);
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
                 {
                     (HttpMethod.Put, $"/v1/network_services/{theirService}", new { service_config = new { } }),
                     (HttpMethod.Delete, $"/v1/network_services/{theirService}", null),
                     (HttpMethod.Post, $"/v1/network_services/{theirService}/members", new { policy_target = new { id = Guid.NewGuid(), policy_target_group_id = Guid.NewGuid(), ip_address = "10.0.0.8" } }),
                     (HttpMethod.Delete, $"/v1/network_services/{theirService}/consumers/{Guid.NewGuid()}", null),
                 })
        {
            await ExpectAsync(await SendAsync(member, method, path, body), HttpStatusCode.NotFound);
            await ExpectAsync(await SendAsync(reader, method, path.Replace(theirService.ToString(), myService.ToString(), StringComparison.Ordinal), body), HttpStatusCode.Forbidden);
            await ExpectAsync(await SendAsync(anonymous, method, path, body), HttpStatusCode.Unauthorized);
        }
        await ExpectAsync(await SendAsync(reader, HttpMethod.Post, "/v1/network_services", Create(mine)), HttpStatusCode.Forbidden);
        foreach (var action in new[] { $"/v1/network_services/{myService}/failover", $"/v1/network_services/{myService}/retry", $"/v1/nsds/{Guid.NewGuid()}/failover" })
        {
            await ExpectAsync(await SendAsync(member, HttpMethod.Post, action), HttpStatusCode.Forbidden);
        }
        Assert.Equal(ProvisioningStatus.Active, (await Services.GetAsync(theirService)).ProvisioningStatus);
        Assert.Equal(ProvisioningStatus.Active, (await Services.GetAsync(myService)).ProvisioningStatus);

        using var admin = manager.Http();
        var failover = await ExpectAsync(await SendAsync(admin, HttpMethod.Post, $"/v1/network_services/{myService}/failover"), HttpStatusCode.Conflict);
        Assert.Contains("no device", failover.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await ExpectAsync(await SendAsync(admin, HttpMethod.Post, $"/v1/network_services/{myService}/retry"), HttpStatusCode.Conflict);
        await ExpectAsync(await SendAsync(admin, HttpMethod.Post, $"/v1/nsds/{Guid.NewGuid()}/failover"), HttpStatusCode.NotFound);
        await ExpectAsync(await SendAsync(admin, HttpMethod.Post, $"/v1/network_services/{Guid.NewGuid()}/retry"), HttpStatusCode.NotFound);
    }

    /// <summary>Puts the service back at rest (ACTIVE), as its operation's end would.</summary>
    private async Task RestAsync(Guid id)
    {
        var service = await Services.GetAsync(id);
        await Services.SetProvisioningStatusAsync(id, service.Version, ProvisioningStatus.Active, "test: the operation ended");
    }
}
