using System.Net;
using System.Text.Json;
using Dapper;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Manager;

/// <summary>The operator's read views over the real database: snake_case, paged by marker, problem+json refusals.</summary>
public sealed class ReadViewTests(ManagerServer manager) : IClassFixture<ManagerServer>, IDisposable
{
    private readonly HttpClient _client = manager.Http();
    private readonly PostgresDatabase _db = manager.Database;

    public void Dispose() => _client.Dispose();

    private async Task<(HttpStatusCode Status, string MediaType, JsonElement Body)> GetAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType ?? "", body);
    }

    [Fact]
    public async Task A_network_service_reads_back_in_snake_case_with_wire_names()
    {
        var service = await new NetworkServiceRepository(_db.DataSource).CreateAsync(Rows.NetworkService());

        var (status, _, body) = await GetAsync($"/v1/network_services/{service.Id}");

        Assert.Equal(HttpStatusCode.OK, status);
        var read = body.GetProperty("network_service");
        Assert.Equal(service.Id, read.GetProperty("id").GetGuid());
        Assert.Equal("PENDING_CREATE", read.GetProperty("provisioning_status").GetString());
        Assert.Equal("NO_MONITOR", read.GetProperty("operating_status").GetString());
        Assert.Equal(service.TenantId, read.GetProperty("tenant_id").GetGuid());
        Assert.Equal("10.0.0.10", read.GetProperty("service_config").GetProperty("vip").GetString());
        // What NFP allocated beside it, as get_network_service answers: nothing yet for a service just written.
        Assert.Equal((0, 0, 0, ""), (body.GetProperty("ports").GetArrayLength(), body.GetProperty("devices").GetArrayLength(),
            body.GetProperty("members").GetArrayLength(), body.GetProperty("vip_address").GetString()));
    }

    [Fact]
    public async Task Lists_page_by_marker_through_their_next_links()
    {
        var tenant = Guid.NewGuid();
        var devices = new NetworkServiceDeviceRepository(_db.DataSource);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await devices.CreateAsync(Rows.Device(tenant))).Id);
        }

        var seen = new List<Guid>();
        var path = $"/v1/nsds?tenant_id={tenant}&limit=2";
        var pages = 0;
        while (path is not null && pages++ < 10)
        {
            var (_, _, body) = await GetAsync(path);
            seen.AddRange(body.GetProperty("nsds").EnumerateArray().Select(d => d.GetProperty("id").GetGuid()));
            path = body.GetProperty("nsds_links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => l.GetProperty("href").GetString()).SingleOrDefault();
        }

        Assert.Equal(3, pages);
        Assert.Equal(ids.Order(), seen.Order());
    }

    [Fact]
    public async Task Operations_are_listed_by_resource()
    {
        var resource = Guid.NewGuid();
        var operation = await new OperationRepository(_db.DataSource).CreateAsync(Rows.Operation(resource, OperationKind.Heal) with { IsAutomatic = true });

        var (status, _, body) = await GetAsync($"/v1/operations?resource_id={resource}");

        Assert.Equal(HttpStatusCode.OK, status);
        var listed = Assert.Single(body.GetProperty("operations").EnumerateArray());
        Assert.Equal(operation.Id, listed.GetProperty("id").GetGuid());
        Assert.Equal("heal", listed.GetProperty("kind").GetString());
        Assert.True(listed.GetProperty("is_automatic").GetBoolean());
    }

    [Fact]
    public async Task A_deleted_service_or_device_is_listed_only_when_asked_for_by_its_status()
    {
        var tenant = Guid.NewGuid();
        var services = new NetworkServiceRepository(_db.DataSource);
        var devices = new NetworkServiceDeviceRepository(_db.DataSource);
        var live = await services.CreateAsync(Rows.NetworkService(tenant));
        var deleted = await services.CreateAsync(Rows.NetworkService(tenant));
        var liveDevice = await devices.CreateAsync(Rows.Device(tenant));
        var deletedDevice = await devices.CreateAsync(Rows.Device(tenant));
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "UPDATE network_services SET provisioning_status = 'DELETED' WHERE id = @service; "
                + "UPDATE network_service_devices SET provisioning_status = 'DELETED' WHERE id = @device",
                new { service = deleted.Id, device = deletedDevice.Id });
        }

        async Task<Guid[]> Listed(string collection, string query) =>
            [.. (await GetAsync($"/v1/{collection}?tenant_id={tenant}{query}")).Body.GetProperty(collection).EnumerateArray().Select(r => r.GetProperty("id").GetGuid())];

        Assert.Equal([live.Id], await Listed("network_services", ""));
        Assert.Equal([deleted.Id], await Listed("network_services", "&provisioning_status=DELETED"));
        Assert.Equal([liveDevice.Id], await Listed("nsds", ""));
        Assert.Equal([deletedDevice.Id], await Listed("nsds", "&provisioning_status=DELETED"));
    }

    [Fact]
    public async Task Lists_sort_by_several_keys_page_forward_and_back_take_several_values_of_a_filter_and_answer_only_the_fields_asked()
    {
        var tenant = Guid.NewGuid();
        var services = new NetworkServiceRepository(_db.DataSource);
        var made = new List<NetworkService>();
        foreach (var name in new[] { "b", "a", "c", "a", "b" })
        {
            made.Add(await services.CreateAsync(Rows.NetworkService(tenant) with { Name = name }));
        }
        var failed = await services.SetProvisioningStatusAsync(made[0].Id, made[0].Version, ProvisioningStatus.Error, "test");
        var expected = made.OrderBy(s => s.Name, StringComparer.Ordinal).ThenByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id, GuidSqlOrder.Instance)
            .Select(s => s.Id).ToList();

        var forward = new List<Guid>();
        var links = new List<JsonElement>();
        var path = $"/v1/network_services?tenant_id={tenant}&sort=name:asc,created_at:desc&limit=2";
        for (var pages = 0; path is not null && pages < 10; pages++)
        {
            var body = (await GetAsync(path)).Body;
            forward.AddRange(body.GetProperty("network_services").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            links.Add(body.GetProperty("network_services_links"));
            path = body.GetProperty("network_services_links").EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next")
                .Select(l => l.GetProperty("href").GetString()).FirstOrDefault();
        }
        Assert.Equal(expected, forward);
        Assert.DoesNotContain(links[0].EnumerateArray(), l => l.GetProperty("rel").GetString() == "previous");

        // The last page's previous link gives the page before it, in the same order.
        var previous = links[^1].EnumerateArray().Single(l => l.GetProperty("rel").GetString() == "previous").GetProperty("href").GetString()!;
        Assert.Contains("page_reverse=true", previous, StringComparison.Ordinal);
        var back = (await GetAsync(previous)).Body.GetProperty("network_services").EnumerateArray().Select(r => r.GetProperty("id").GetGuid());
        Assert.Equal(expected[2..4], back);

        var either = (await GetAsync($"/v1/network_services?tenant_id={tenant}&name=a&name=c")).Body.GetProperty("network_services");
        Assert.Equal(3, either.GetArrayLength());
        var statuses = (await GetAsync($"/v1/network_services?tenant_id={tenant}&provisioning_status=ERROR&provisioning_status=ACTIVE")).Body;
        Assert.Equal([failed.Id], statuses.GetProperty("network_services").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));

        var sparse = (await GetAsync($"/v1/network_services?tenant_id={tenant}&fields=id,name")).Body.GetProperty("network_services")[0];
        Assert.Equal(["id", "name"], sparse.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Instances_and_a_services_ports_are_readable()
    {
        var tenant = Guid.NewGuid();
        var service = await new NetworkServiceRepository(_db.DataSource).CreateAsync(Rows.NetworkService(tenant));
        var instance = await new NetworkServiceInstanceRepository(_db.DataSource).CreateAsync(Rows.Instance(service, null));

        var listed = (await GetAsync($"/v1/instances?tenant_id={tenant}")).Body.GetProperty("instances");
        Assert.Equal(instance.Id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());
        var (status, _, one) = await GetAsync($"/v1/instances/{instance.Id}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(service.Id, one.GetProperty("instance").GetProperty("network_service_id").GetGuid());
        Assert.Equal(0, (await GetAsync($"/v1/network_services/{service.Id}/ports")).Body.GetProperty("ports").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync($"/v1/instances/{Guid.NewGuid()}")).Status);
    }

    [Theory]
    [InlineData("/v1/network_services?colour=red", "colour", "unknown_field")]
    [InlineData("/v1/network_services?limit=many", "limit", "malformed")]
    [InlineData("/v1/nsds?marker=not-a-uuid", "marker", "malformed_uuid")]
    [InlineData("/v1/operations?sort_dir=sideways", "sort_dir", "unknown_value")]
    [InlineData("/v1/operations?state=SLEEPING", "state", "malformed")]
    [InlineData("/v1/network_services?name=a%00b", "name", "malformed")]
    [InlineData("/v1/network_services?sort=name:sideways", "sort", "unknown_value")]
    [InlineData("/v1/network_services?sort=colour:asc", "sort", "unknown_value")]
    [InlineData("/v1/network_services?sort=name:asc,name:desc", "sort", "invalid")]
    [InlineData("/v1/network_services?sort=:asc", "sort", "malformed")]
    [InlineData("/v1/network_services?sort=name&sort_key=name", "sort", "invalid")]
    [InlineData("/v1/network_services?fields=id,colour", "fields", "unknown_value")]
    [InlineData("/v1/network_services?page_reverse=true", "page_reverse", "invalid")]
    [InlineData("/v1/network_services?limit=1&limit=2", "limit", "invalid")]
    [InlineData("/v1/nsds?service_vendor=%00", "service_vendor", "malformed")]
    public async Task A_bad_list_query_is_a_problem_naming_the_field(string path, string field, string code)
    {
        var (status, mediaType, body) = await GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_unknown_id_is_a_not_found_problem()
    {
        var (status, mediaType, body) = await GetAsync($"/v1/nsds/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
    }
}
