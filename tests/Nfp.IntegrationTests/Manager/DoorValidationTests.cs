using System.Text.Json;
using Dapper;
using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;
using static Nfp.IntegrationTests.Fixtures.TestSubnets;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// What is certain to fail later is refused at the door, naming every field, before anything is written:
/// the ports a service type needs, networks popd does not have, addresses outside their subnet or in use,
/// and a service_config its vendor's schema refuses — the same validators the vendor's configurator driver
/// applies. Against the real popd, with vendors haproxy and iptables configured as deploy/up.sh does.
/// </summary>
public sealed class DoorValidationTests(OrchestrationStack stack) : IClassFixture<OrchestrationStack>
{
    private (string Name, string Cidr) Consumer => stack.Networks[2];

    private (string Name, string Cidr) Provider => stack.Networks[3];

    private CreateNetworkService Firewall(object? config = null, params PortInfoRequest[] ports) => new(
        Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Firewall, OrchestrationStack.Iptables),
        ports.Length > 0 ? ports : [Port(PortClassification.Consumer, Consumer.Name), Port(PortClassification.Provider, Provider.Name)],
        "door-fw", ServiceConfig: ServiceConfigs.Of(config ?? new { rules = new[] { new { action = "allow", protocol = "tcp", port = 80 } } }));

    private static PortInfoRequest Port(PortClassification classification, string network, string ipAddress = "") =>
        new(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, classification, network, IpAddress: ipAddress);

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    private static readonly Dictionary<string, (Func<DoorValidationTests, object> Request, string Field, string Code)> Cases = new()
    {
        ["a rule's port out of range"] = (t => t.Firewall(new { rules = new[] { new { action = "allow", protocol = "tcp", port = 70000 } } }),
            "service_config.rules[0].port", "out_of_range"),
        ["a rule's CIDR not a network"] = (t => t.Firewall(new { rules = new[] { new { action = "deny", source_cidr = "10.0.0.1/24" } } }),
            "service_config.rules[0].source_cidr", "malformed"),
        ["a firewall config without rules"] = (t => t.Firewall(new { routes = Array.Empty<object>() }), "service_config.rules", "required"),
        ["a config field the vendor does not know"] = (t => t.Firewall(new { rules = Array.Empty<object>(), zone = "dmz" }), "service_config.zone", "unknown_field"),
        ["a route to a bad destination"] = (t => t.Firewall(new { rules = Array.Empty<object>(), routes = new[] { new { destination = "10.9.0.0", nexthop = "10.9.0.1" } } }),
            "service_config.routes[0].destination", "malformed"),
        ["an unknown network"] = (t => t.Firewall(null, Port(PortClassification.Consumer, "nowhere"), Port(PortClassification.Provider, t.Provider.Name)),
            "port_info[0].network", "unknown_value"),
        ["an address outside its subnet"] = (t => t.Firewall(null, Port(PortClassification.Consumer, t.Consumer.Name, "192.0.2.7"),
            Port(PortClassification.Provider, t.Provider.Name)), "port_info[0].ip_address", "invalid"),
        ["the subnet's gateway"] = (t => t.Firewall(null, Port(PortClassification.Consumer, t.Consumer.Name),
            Port(PortClassification.Provider, t.Provider.Name, Host(t.Provider.Cidr, 1))), "port_info[1].ip_address", "invalid"),
        ["a firewall with no provider port"] = (t => t.Firewall(null, Port(PortClassification.Consumer, t.Consumer.Name)), "port_info", "invalid"),
        ["a management port"] = (t => t.Firewall(null, Port(PortClassification.Consumer, t.Consumer.Name), Port(PortClassification.Provider, t.Provider.Name),
            Port(PortClassification.Management, t.Provider.Name)), "port_info[2].port_classification", "invalid"),
        ["a load balancer with no ports"] = (t => new CreateNetworkService(Guid.NewGuid(), Guid.NewGuid(),
            new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, OrchestrationStack.Haproxy), [], "door-lb",
            ServiceConfig: ServiceConfigs.Of(new { listener = new { port = 80 }, pool = new { } })), "port_info", "invalid"),
        ["a load balancer's health check path not a path"] = (t => new CreateNetworkService(Guid.NewGuid(), Guid.NewGuid(),
            new ServiceProfile(Guid.NewGuid(), ServiceType.Loadbalancer, OrchestrationStack.Haproxy),
            [Port(PortClassification.Consumer, t.Consumer.Name), Port(PortClassification.Provider, t.Provider.Name)], "door-lb",
            ServiceConfig: ServiceConfigs.Of(new { listener = new { port = 80 }, pool = new { health_check = new { type = "http", path = "index\nbind" } } })),
            "service_config.pool.health_check.path", "malformed"),
    };

    [Theory, MemberData(nameof(CaseNames))]
    public async Task A_create_certain_to_fail_later_is_refused_at_once_naming_the_field_and_writes_nothing(string name)
    {
        var (request, field, code) = Cases[name];
        var rows = await RowsAsync();

        var fault = await RefusedAsync((CreateNetworkService)request(this));

        Assert.Contains((field, code), fault.Errors.Select(e => (e.Field, e.Code)));
        Assert.Equal(rows, await RowsAsync());
    }

    [Fact]
    public async Task A_refusal_names_every_wrong_field_at_once()
    {
        var fault = await RefusedAsync(Firewall(new { rules = new[] { new { action = "allow", protocol = "tcp", port = 0 } } },
            Port(PortClassification.Consumer, "nowhere"), Port(PortClassification.Provider, Provider.Name, "198.51.100.1")));

        Assert.Equal(
            ["port_info[0].network", "port_info[1].ip_address", "service_config.rules[0].port"],
            fault.Errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        // The vendor's message names the field as the request has it, not as the vendor's record does.
        Assert.StartsWith("'service_config.rules[0].port' ", fault.Errors.Single(e => e.Field == "service_config.rules[0].port").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_address_in_use_by_a_device_or_named_by_another_service_is_refused()
    {
        var address = Host(Consumer.Cidr, 30);
        var created = await stack.Manager.Client<CreateNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(
            Firewall(null, Port(PortClassification.Consumer, Consumer.Name, address), Port(PortClassification.Provider, Provider.Name)));
        Assert.True(created.Is(out Response<NetworkServiceAccepted>? accepted));
        var busy = Host(Provider.Cidr, 31);
        var container = await stack.Popd.Client.CreateAsync(new ContainerConfig
        {
            Name = $"squatter-{Guid.NewGuid():N}"[..16], ImageId = PopdServer.Image, Endpoints = { [Provider.Name] = new Endpoint { Ipv4 = new Ip { Address = busy } } },
        });

        try
        {
            var named = await RefusedAsync(Firewall(null, Port(PortClassification.Consumer, Consumer.Name, address), Port(PortClassification.Provider, Provider.Name)));
            var inUse = await RefusedAsync(Firewall(null, Port(PortClassification.Consumer, Consumer.Name), Port(PortClassification.Provider, Provider.Name, busy)));

            Assert.Equal(("port_info[0].ip_address", "invalid"), (named.Errors.Single().Field, named.Errors.Single().Code));
            Assert.Equal(("port_info[1].ip_address", "invalid"), (inUse.Errors.Single().Field, inUse.Errors.Single().Code));
        }
        finally
        {
            await stack.Popd.Client.DeleteAsync(new Filter { Id = container.Id });
            await stack.Manager.Client<DeleteNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(new DeleteNetworkService(accepted!.Message.NetworkServiceId));
        }
    }

    [Fact]
    public async Task An_update_the_vendor_refuses_changes_nothing()
    {
        var created = await stack.Manager.Client<CreateNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(Firewall());
        Assert.True(created.Is(out Response<NetworkServiceAccepted>? accepted));
        var id = accepted!.Message.NetworkServiceId;
        var before = await ServiceRowAsync(id);

        var refused = await stack.Manager.Client<UpdateNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(
            new UpdateNetworkService(id, ServiceConfigs.Of(new { rules = new[] { new { action = "maybe" } } })));

        Assert.True(refused.Is(out Response<RpcFault>? fault));
        Assert.Equal(("service_config.rules[0].action", "unknown_value"), (fault!.Message.Errors.Single().Field, fault.Message.Errors.Single().Code));
        Assert.Equal(before, await ServiceRowAsync(id));
        await stack.Manager.Client<DeleteNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(new DeleteNetworkService(id));
    }

    private async Task<RpcFault> RefusedAsync(CreateNetworkService request)
    {
        var response = await stack.Manager.Client<CreateNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(request);
        Assert.True(response.Is(out Response<RpcFault>? fault), $"accepted: {JsonSerializer.Serialize(response.Message)}");
        Assert.Equal(RpcFaultCode.InvalidRequest, fault!.Message.Code);
        Assert.All(fault.Message.Errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        return fault.Message;
    }

    /// <summary>How many services, ports and operations there are (the tests of one class run one at a time).</summary>
    private async Task<long> RowsAsync()
    {
        await using var connection = await stack.Manager.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT (SELECT count(*) FROM network_services) + (SELECT count(*) FROM port_infos) + (SELECT count(*) FROM operations)");
    }

    private async Task<string> ServiceRowAsync(Guid id)
    {
        await using var connection = await stack.Manager.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<string>(
            "SELECT provisioning_status || ' ' || service_config::text || ' ' || version FROM network_services WHERE id = @id", new { id }) ?? "";
    }
}
