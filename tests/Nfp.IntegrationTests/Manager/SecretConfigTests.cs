using System.Text.Json;
using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// A VPN's pre-shared keys (the strongswan vendor's secret fields, SecretFields): stored with the service and
/// given to its device, shown by no view — REST or RPC, one service or a list — and kept by an update that
/// gives the placeholder a view shows; a placeholder with no stored key behind it is refused naming its field.
/// </summary>
public sealed class SecretConfigTests(OrchestrationStack stack) : OrchestrationTestBase(stack), IClassFixture<OrchestrationStack>
{
    private const string Key = "open-sesame-4711-secret";
    private const string OtherKey = "another-key-for-site-c";
    private static readonly string[] PeerCidrs = ["10.200.0.0/24"];
    private static readonly string[] LocalCidrs = ["10.201.0.0/24"];

    [Fact]
    public async Task A_key_is_stored_but_no_view_shows_it_and_an_update_giving_the_placeholder_keeps_it()
    {
        var tenant = Guid.NewGuid();
        var id = (await CreateAsync(Vpn(tenant, Config(("to-b", Key))))).NetworkServiceId;
        await StatusAsync(id, ProvisioningStatus.Active);

        using var rest = Stack.Manager.Http();
        var views = new Dictionary<string, string>
        {
            ["GET /v1/network_services/{id}"] = await rest.GetStringAsync(new Uri($"/v1/network_services/{id}", UriKind.Relative)),
            ["GET /v1/network_services"] = await rest.GetStringAsync(new Uri($"/v1/network_services?tenant_id={tenant}", UriKind.Relative)),
            ["get_network_service"] = JsonSerializer.Serialize(
                (await Stack.Manager.Client<GetNetworkService>().GetResponse<NetworkServiceDetail>(new GetNetworkService(id))).Message, NfpJson.Options),
            ["get_network_services"] = JsonSerializer.Serialize(
                (await Stack.Manager.Client<GetNetworkServices>().GetResponse<NetworkServiceList>(new GetNetworkServices(TenantId: tenant))).Message, NfpJson.Options),
        };
        foreach (var (view, json) in views)
        {
            Assert.False(json.Contains(Key, StringComparison.Ordinal), $"{view} shows the key");
            Assert.True(json.Contains($"\"psk\":\"{SecretFields.Placeholder}\"", StringComparison.Ordinal), $"{view}: {json}");
        }
        Assert.Equal(Key, StoredKey(await Services.GetAsync(id), "to-b"));

        // The config as a view showed it, with a second connection: the first keeps its key, the second has its own.
        await AcceptedAsync(new UpdateNetworkService(id, Config(("to-c", OtherKey), ("to-b", SecretFields.Placeholder))));
        var updated = await StatusAsync(id, ProvisioningStatus.Active);
        Assert.Equal((Key, OtherKey), (StoredKey(updated, "to-b"), StoredKey(updated, "to-c")));

        // A placeholder for a connection with no stored key is refused, naming it; nothing changes.
        var refused = await Stack.Manager.Client<UpdateNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(
            new UpdateNetworkService(id, Config(("to-d", SecretFields.Placeholder))));
        Assert.True(refused.Is(out Response<RpcFault>? fault));
        Assert.Equal((RpcFaultCode.InvalidRequest, "service_config.site_connections[0].psk"),
            (fault!.Message.Code, Assert.Single(fault.Message.Errors).Field));
        Assert.Equal((Key, OtherKey), (StoredKey(await Services.GetAsync(id), "to-b"), StoredKey(await Services.GetAsync(id), "to-c")));
    }

    [Fact]
    public async Task A_create_giving_the_placeholder_as_a_key_is_refused_naming_it()
    {
        var refused = await Stack.Manager.Client<CreateNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(
            Vpn(Guid.NewGuid(), Config(("to-b", SecretFields.Placeholder))));

        Assert.True(refused.Is(out Response<RpcFault>? fault));
        Assert.Equal(("service_config.site_connections[0].psk", "invalid"), (Assert.Single(fault!.Message.Errors).Field, fault.Message.Errors[0].Code));
    }

    private CreateNetworkService Vpn(Guid tenant, JsonElement config) => new(
        tenant, Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Vpn, OrchestrationStack.Strongswan),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Consumer, Stack.Networks[0].Name),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, Stack.Networks[1].Name),
        ],
        "vpn", ServiceConfig: config);

    private static JsonElement Config(params (string Name, string Psk)[] connections) => ServiceConfigs.Of(new
    {
        site_connections = connections.Select(c => new
        {
            name = c.Name, peer_address = "192.0.2.9", peer_cidrs = PeerCidrs, local_cidrs = LocalCidrs, psk = c.Psk,
        }),
    });

    private static string StoredKey(NetworkService service, string connection) =>
        service.ServiceConfig.GetProperty("site_connections").EnumerateArray()
            .Single(c => c.GetProperty("name").GetString() == connection).GetProperty("psk").GetString()!;
}
