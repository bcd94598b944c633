using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// Quotas per tenant over the real database: unlimited by default, set and reset by an admin, read by the
/// tenant's own tokens, and a create that would go over one refused — over REST (409 problem) and over RPC
/// (quota_exceeded fault) — naming the quota, its limit and its use, having written nothing; two creates
/// racing for the last of a quota cannot both take it.
/// </summary>
public sealed class QuotaTests(ManagerServer manager) : IClassFixture<ManagerServer>
{
    private static CreateNetworkService Create(Guid tenant) => new(
        tenant, Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, "haproxy"),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, "tenant-web"),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, "tenant-users"),
        ], Name: "quota-lb");

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, CreateNetworkService create) =>
        http.PostAsync(new Uri("/v1/network_services", UriKind.Relative),
            new StringContent(JsonSerializer.Serialize(create, Schema.Json.NfpJson.Options), System.Text.Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> QuotaAsync(HttpClient http, Guid tenant) =>
        JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v1/quotas/{tenant}", UriKind.Relative))).RootElement.GetProperty("quota");

    private static async Task<JsonElement> PutAsync(HttpClient http, Guid tenant, object quota, HttpStatusCode expected)
    {
        var response = await http.PutAsJsonAsync(new Uri($"/v1/quotas/{tenant}", UriKind.Relative), new { quota });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    private async Task<int> ServicesOfAsync(Guid tenant) =>
        (await new NetworkServiceRepository(manager.Database.DataSource).ListAsync(new ListQuery(ListQuery.Where(("tenant_id", tenant.ToString()))))).Items.Count;

    [Fact]
    public async Task A_tenant_is_unlimited_by_default_and_a_create_over_its_services_quota_is_a_409_naming_it()
    {
        using var admin = manager.Http();
        var tenant = Guid.NewGuid();
        Assert.Equal(-1, (await QuotaAsync(admin, tenant)).GetProperty("services").GetInt32());
        var defaults = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/v1/quotas/defaults", UriKind.Relative))).RootElement;
        Assert.Equal(-1, defaults.GetProperty("quota").GetProperty("ports").GetInt32());

        var set = await PutAsync(admin, tenant, new { services = 1 }, HttpStatusCode.OK);
        Assert.Equal((1, -1), (set.GetProperty("quota").GetProperty("services").GetInt32(), set.GetProperty("quota").GetProperty("devices").GetInt32()));
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(admin, Create(tenant))).StatusCode);

        var refused = await PostAsync(admin, Create(tenant));
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("quota_exceeded", problem.GetProperty("code").GetString());
        var quota = Assert.Single(problem.GetProperty("quotas").EnumerateArray());
        Assert.Equal(("services", 1, 1, 1), (quota.GetProperty("quota").GetString(), quota.GetProperty("limit").GetInt32(),
            quota.GetProperty("in_use").GetInt32(), quota.GetProperty("requested").GetInt32()));
        Assert.Equal(1, await ServicesOfAsync(tenant));
        var inUse = (await QuotaAsync(admin, tenant)).GetProperty("in_use");
        Assert.Equal((1, 2), (inUse.GetProperty("services").GetInt32(), inUse.GetProperty("ports").GetInt32()));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/v1/quotas/{tenant}", UriKind.Relative))).StatusCode);
        Assert.Equal(-1, (await QuotaAsync(admin, tenant)).GetProperty("services").GetInt32());
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(admin, Create(tenant))).StatusCode);
    }

    [Fact]
    public async Task Over_rpc_a_create_over_the_ports_quota_is_a_quota_exceeded_fault_with_the_limit_and_use()
    {
        using var admin = manager.Http();
        var tenant = Guid.NewGuid();
        await PutAsync(admin, tenant, new { ports = 1, devices = 5 }, HttpStatusCode.OK);

        var response = await manager.Client<CreateNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(Create(tenant));

        Assert.True(response.Is(out Response<RpcFault>? fault));
        Assert.Equal(RpcFaultCode.QuotaExceeded, fault!.Message.Code);
        Assert.Equal([new QuotaUse("ports", 1, 0, 2)], fault.Message.Quotas);
        Assert.Contains("ports 0 of 1 in use, 2 more needed", fault.Message.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ServicesOfAsync(tenant));
    }

    [Fact]
    public async Task Two_creates_racing_for_the_last_service_of_a_quota_cannot_both_take_it()
    {
        using var admin = manager.Http();
        var tenant = Guid.NewGuid();
        await PutAsync(admin, tenant, new { services = 1 }, HttpStatusCode.OK);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(admin, Create(tenant))));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(3, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await ServicesOfAsync(tenant));
    }

    [Fact]
    public async Task A_tenants_token_reads_its_own_quota_only_and_only_an_admin_sets_one_within_range()
    {
        using var admin = manager.Http();
        var (mine, theirs) = (Guid.NewGuid(), Guid.NewGuid());
        var token = JsonDocument.Parse(await (await admin.PostAsJsonAsync(new Uri("/v1/tokens", UriKind.Relative), new { tenant_id = mine, role = "member" }))
            .Content.ReadAsStringAsync()).RootElement.GetProperty("secret").GetString()!;
        using var member = manager.Http(token);

        Assert.Equal(-1, (await QuotaAsync(member, mine)).GetProperty("ports").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync(new Uri($"/v1/quotas/{theirs}", UriKind.Relative))).StatusCode);
        await PutAsync(member, mine, new { services = 100 }, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync(new Uri("/v1/quotas", UriKind.Relative))).StatusCode);
        var invalid = await PutAsync(admin, mine, new { services = -5 }, HttpStatusCode.BadRequest);
        Assert.Equal("quota.services", invalid.GetProperty("errors")[0].GetProperty("field").GetString());
        Assert.Equal(-1, (await QuotaAsync(admin, mine)).GetProperty("services").GetInt32());
        await PutAsync(admin, mine, new { devices = 2 }, HttpStatusCode.OK);
        var listed = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/v1/quotas", UriKind.Relative))).RootElement.GetProperty("quotas");
        Assert.Contains(listed.EnumerateArray(), q => q.GetProperty("tenant_id").GetGuid() == mine && q.GetProperty("devices").GetInt32() == 2);
    }
}
