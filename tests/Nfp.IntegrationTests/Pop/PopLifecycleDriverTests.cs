using Microsoft.Extensions.Configuration;
using Nfp.Drivers.Pop;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Pop;

/// <summary>
/// The Pop lifecycle driver against a real popd process: create_nsd and plug_nsd_interface run again —
/// as the manager runs a step again after it was killed in the middle of it — find what the first run
/// made rather than making it twice; the driver does not look before it asks, so this is popd's
/// AlreadyExists answered with what is there.
/// </summary>
public sealed class PopLifecycleDriverTests(PopdProcess popd) : IClassFixture<PopdProcess>
{
    private const string Vendor = "pop";

    [Fact]
    public async Task Create_and_plug_run_twice_make_one_container_with_one_endpoint_and_a_plug_without_a_container_is_not_retried()
    {
        var (cidr, _) = TestSubnets.Next();
        var network = $"{popd.PopName}-data";
        await popd.Client.CreateNetworkAsync(new NetworkConfig { Name = network, Ipv4 = new Subnet { Cidr = cidr } });
        var settings = new ConfigurationBuilder().AddInMemoryCollection(OrchestrationStack.PopDriver(Vendor, popd)!).Build();
        var driver = new PopLifecycleDriver(settings.GetSection($"LifecycleDrivers:{Vendor}:Settings"));
        var device = Device();
        var port = new PortInfo(Guid.NewGuid(), PortPolicy.GbpPolicyTarget, PortClassification.Provider, PortType.Active, network, "", default, default, 0);
        var request = new NsdRequest(Service(), [port]);

        var created = await driver.CreateNsdAsync(request, device, CancellationToken.None);
        var createdAgain = await driver.CreateNsdAsync(request, device, CancellationToken.None);
        var plugged = await driver.PlugNsdInterfaceAsync(device, port, 0, null, CancellationToken.None);
        var pluggedAgain = await driver.PlugNsdInterfaceAsync(device, port, 0, null, CancellationToken.None);

        Assert.Equal(created, createdAgain with { ProviderMetadata = created.ProviderMetadata });
        Assert.Equal(created.ProviderMetadata, createdAgain.ProviderMetadata);
        var container = Assert.Single(await popd.Client.ContainersAsync(new Filter { Name = $"nsd-{device.Id:N}" }));
        Assert.Equal(Container.Types.Status.Running, container.Status);
        Assert.Equal(2, container.Endpoints.Count);
        Assert.Equal(plugged, pluggedAgain);
        var endpoint = container.Endpoints[network];
        Assert.Equal(new PluggedInterface(endpoint.EndpointId, endpoint.Ipv4.Address, endpoint.Ipv4.Subnet.Cidr, endpoint.Mac), plugged);
        Assert.NotEmpty(plugged.Mac);

        var missing = await Assert.ThrowsAsync<LifecycleDriverException>(() => driver.PlugNsdInterfaceAsync(Device(), port, 0, null, CancellationToken.None));
        Assert.False(missing.IsTransient, missing.Message);

        await driver.DeleteNsdAsync(device, CancellationToken.None);
        Assert.Empty(await popd.Client.ContainersAsync(new Filter()));
        await popd.Client.DeleteNetworkAsync(new Filter { Name = network });
    }

    private static NetworkServiceDevice Device() => new(
        Guid.NewGuid(), "lb", "", Guid.NewGuid(), Vendor, "", 8, 1, 1, false,
        new Dictionary<string, string>(), ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "", default, default, 0);

    private static NetworkService Service() => new(
        Guid.NewGuid(), "lb", "", Guid.NewGuid(), Guid.NewGuid(), null, null, ServiceType.Loadbalancer, Vendor, false, ServiceTopology.Standalone, ServiceConfigs.Empty,
        ProvisioningStatus.PendingCreate, OperatingStatus.NoMonitor, "", default, default, 0);
}
