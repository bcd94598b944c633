using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Schema.Configurator;
using Nfp.Schema.Json;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// Active-standby pairs against the real popd and Docker, with the configurator double: a service of
/// topology active_standby is two instances on two devices, each plugged at an address of its own with the
/// pair's address reserved for both (popd's virtual addresses), each given a VRRP instance with the other
/// as its peer; the HA state the devices report is the instances'; a member that dies leaves the service
/// DEGRADED and is failed over, and the survivor is told its new peer.
/// </summary>
public sealed class ActiveStandbyTests(FailoverStack stack) : OrchestrationTestBase(stack), IClassFixture<FailoverStack>
{
    [Fact]
    public async Task A_pair_is_two_devices_holding_one_vip_each_with_a_vrrp_instance_naming_the_other()
    {
        var vip = TestSubnets.Host(Stack.Networks[1].Cidr, 60);
        var accepted = await CreateAsync(Pair(vip));
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);

        Assert.Equal(ServiceTopology.ActiveStandby, service.Topology);
        var (first, second) = await PairOfAsync(service.Id);
        Assert.Equal((HaState.Active, HaState.Standby), (first.Instance.HaState, second.Instance.HaState));
        Assert.NotEqual(first.Device.Id, second.Device.Id);
        foreach (var (member, peer, priority) in new[] { (first, second, 110), (second, first, 100) })
        {
            var consumer = (await ContainerAsync(member.Device))!.Endpoints[Stack.Networks[1].Name];
            Assert.NotEqual(vip, consumer.Ipv4.Address);
            Assert.Equal([vip], consumer.VirtualIpv4);
            var vrrp = VrrpOf(accepted.OperationId, member.Device.Id);
            Assert.Equal((peer.Device.MgmtIpAddress, priority), (vrrp.PeerIpAddress, vrrp.Priority));
            Assert.Contains(vrrp.VirtualAddresses, v => v.IpAddress == vip && v.Mac == consumer.Mac);
            var listener = ResourceOf(accepted.OperationId, member.Device.Id, ConfiguratorMethod.CreateNetworkServiceConfig, ConfigResourceKind.Loadbalancer);
            Assert.Equal(vip, listener.GetProperty("listener").GetProperty("address").GetString());
        }
        Assert.Equal(VrrpOf(accepted.OperationId, first.Device.Id).VirtualRouterId, VrrpOf(accepted.OperationId, second.Device.Id).VirtualRouterId);
        var detail = await DetailAsync(service.Id);
        Assert.Equal(vip, detail.VipAddress);
        Assert.Equal([HaState.Active, HaState.Standby], detail.Instances.Select(i => i.HaState));
        Assert.Equal(2, detail.Devices.Count);
        // The status tree: service → instances (HA state) → devices → ports, both statuses at each level.
        using var http = Stack.Manager.Http();
        var tree = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v1/network_services/{service.Id}/status", UriKind.Relative)))
            .RootElement.GetProperty("statuses").GetProperty("network_service");
        Assert.Equal(("ACTIVE", "ONLINE", vip), (tree.GetProperty("provisioning_status").GetString(), tree.GetProperty("operating_status").GetString(),
            tree.GetProperty("vip_address").GetString()));
        var nodes = tree.GetProperty("instances").EnumerateArray().ToList();
        Assert.Equal(["active", "standby"], nodes.Select(n => n.GetProperty("ha_state").GetString()));
        Assert.Equal([first.Device.MgmtIpAddress, second.Device.MgmtIpAddress], nodes.Select(n => n.GetProperty("nsd").GetProperty("mgmt_ip_address").GetString()));
        Assert.All(nodes, n => Assert.Equal(2, n.GetProperty("nsd").GetProperty("ports").GetArrayLength()));

        await DeleteAsync(service.Id);
        await StatusAsync(service.Id, ProvisioningStatus.Deleted);
        Assert.Null(await ContainerAsync(first.Device));
        Assert.Null(await ContainerAsync(second.Device));
    }

    [Fact]
    public async Task The_devices_say_which_is_active_and_a_dead_member_leaves_the_service_degraded_until_its_failover_restores_the_pair()
    {
        var accepted = await CreateAsync(Pair(""));
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        var (first, second) = await PairOfAsync(service.Id);
        // popd chose the pair's address, and the consumer port keeps it.
        var vip = (await DetailAsync(service.Id)).VipAddress;
        Assert.True(System.Net.IPNetwork.Parse(Stack.Networks[1].Cidr).Contains(System.Net.IPAddress.Parse(vip)), vip);

        // The second device's VRRP instance became MASTER: so its probes say, and so the instances read.
        TellHaState(service.Id, second.Device.Id, HaState.Active);
        TellHaState(service.Id, first.Device.Id, HaState.Standby);
        await Eventually.HoldsAsync(async () =>
        {
            var (a, b) = await PairOfAsync(service.Id);
            return (a.Instance.HaState, b.Instance.HaState) == (HaState.Standby, HaState.Active);
        }, Patience, "the instances' HA state as the devices told it");

        // The active member dies: the service is DEGRADED, not ERROR, and the member is failed over.
        await DockerCli.RunAsync("kill", DockerName(second.Device));
        await Eventually.HoldsAsync(async () => (await Services.GetAsync(service.Id)).OperatingStatus == OperatingStatus.Degraded,
            Patience, "the service DEGRADED");
        // The dead member holds none of the pair's addresses: it is no longer the active one.
        Assert.Equal(HaState.Standby, (await PairOfAsync(service.Id)).Second.Instance.HaState);
        var failover = await CompletedFailoverAsync(service.Id);
        Assert.Equal(second.Device.Id, failover.ParametersAs<FailoverParameters>().NsdId);
        service = await StatusAsync(service.Id, ProvisioningStatus.Active);
        Assert.Equal(OperatingStatus.Online, service.OperatingStatus);
        var (survivor, remade) = await PairOfAsync(service.Id);
        Assert.Equal(first.Device.Id, survivor.Device.Id);
        Assert.Equal(Container.Types.Status.Running, (await ContainerAsync(remade.Device))!.Status);
        Assert.Equal([vip], (await ContainerAsync(remade.Device))!.Endpoints[Stack.Networks[1].Name].VirtualIpv4);
        // Both were configured again: the survivor too, with its (new) peer.
        Assert.Equal(remade.Device.MgmtIpAddress, VrrpOf(failover.Id, survivor.Device.Id).PeerIpAddress);
        Assert.Equal(survivor.Device.MgmtIpAddress, VrrpOf(failover.Id, remade.Device.Id).PeerIpAddress);

        await DeleteAsync(service.Id);
        await StatusAsync(service.Id, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task A_firewall_pair_holds_both_its_gateway_addresses_by_vrrp()
    {
        var create = Pair("");
        var accepted = await CreateAsync(create with { ServiceProfile = create.ServiceProfile with { ServiceType = ServiceType.Firewall } });
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);

        var ports = await Ports.GetManyAsync([.. create.PortInfo.Select(p => p.Id)]);
        Assert.All(ports, p => Assert.NotEqual("", p.IpAddress));
        var (first, second) = await PairOfAsync(service.Id);
        foreach (var member in new[] { first, second })
        {
            var container = (await ContainerAsync(member.Device))!;
            var vrrp = VrrpOf(accepted.OperationId, member.Device.Id);
            foreach (var port in ports)
            {
                Assert.Equal([port.IpAddress], container.Endpoints[port.Network].VirtualIpv4);
                Assert.Contains(vrrp.VirtualAddresses, v => v.IpAddress == port.IpAddress && v.Mac == container.Endpoints[port.Network].Mac);
            }
        }

        await DeleteAsync(service.Id);
        await StatusAsync(service.Id, ProvisioningStatus.Deleted);
    }

    [Theory]
    [InlineData(ServiceType.Vpn, false, "service_profile.topology")]
    [InlineData(ServiceType.Loadbalancer, true, "service_profile.allow_sharing")]
    public async Task A_pair_is_refused_for_a_vpn_and_for_a_shared_device(ServiceType type, bool allowSharing, string field)
    {
        var request = Pair("") with { ServiceProfile = new ServiceProfile(Guid.NewGuid(), type, OrchestrationStack.Vendor, allowSharing, ServiceTopology.ActiveStandby) };
        var response = await Stack.Manager.Client<CreateNetworkService>().GetResponse<NetworkServiceAccepted, RpcFault>(request);
        Assert.True(response.Is(out Response<RpcFault>? fault), "the create was accepted");
        Assert.Contains(fault!.Message.Errors, e => e.Field == field);
    }

    private CreateNetworkService Pair(string vip)
    {
        var create = Create(Guid.NewGuid(), 0);
        return create with
        {
            ServiceProfile = create.ServiceProfile with { Topology = ServiceTopology.ActiveStandby },
            PortInfo = [create.PortInfo[0], create.PortInfo[1] with { IpAddress = vip }],
        };
    }

    private async Task<((NetworkServiceInstance Instance, NetworkServiceDevice Device) First, (NetworkServiceInstance Instance, NetworkServiceDevice Device) Second)> PairOfAsync(Guid serviceId)
    {
        var pair = (await Instances.WhereAsync("network_service_id", serviceId)).OrderBy(i => i.Name).ToList();
        Assert.Equal(2, pair.Count);
        return ((pair[0], await Devices.GetAsync(pair[0].NsdId!.Value)), (pair[1], await Devices.GetAsync(pair[1].NsdId!.Value)));
    }

    /// <summary>The <paramref name="kind"/> resource of the last <paramref name="method"/> call on the device for the operation.</summary>
    private System.Text.Json.JsonElement ResourceOf(Guid operationId, Guid nsdId, ConfiguratorMethod method, ConfigResourceKind kind)
    {
        var call = Stack.Configurator.Calls.Last(c =>
            c.Method == method && c.Request.Info.Context.OperationId == operationId && c.Request.Info.Context.NsdId == nsdId);
        return call.Request.Config.Single(r => r.Resource == kind).ResourceData;
    }

    private VrrpData VrrpOf(Guid operationId, Guid nsdId) =>
        System.Text.Json.JsonSerializer.Deserialize<VrrpData>(ResourceOf(operationId, nsdId, ConfiguratorMethod.CreateNsdConfig, ConfigResourceKind.Vrrp), NfpJson.Options)!;

    private async Task<NetworkServiceDetail> DetailAsync(Guid serviceId)
    {
        var response = await Stack.Manager.Client<GetNetworkService>().GetResponse<NetworkServiceDetail, RpcFault>(new GetNetworkService(serviceId));
        Assert.True(response.Is(out Response<NetworkServiceDetail>? detail));
        return detail!.Message;
    }

    private void TellHaState(Guid serviceId, Guid nsdId, HaState haState) =>
        Stack.Configurator.Tell(new ConfiguratorNotification(NotificationType.NsdHealthStatusNotification,
            new ConfigContext(serviceId, nsdId, Guid.NewGuid(), "configurator"), DateTimeOffset.UtcNow, Health: NsdHealth.Reachable,
            Reason: $"is {NfpJson.WireName(haState)} in its pair", HaState: haState));
}
