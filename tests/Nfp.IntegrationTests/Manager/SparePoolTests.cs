using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// The spare pool against the real popd and Docker: the pool is kept full of running, unplugged devices of
/// no tenant; a create takes one (no create_nsd: plug and configure only) and a failover puts one in the
/// dead device's place at the same data addresses — for every service of a shared device; a spare that
/// dies is given back and made again.
/// </summary>
public sealed class SparePoolTests(SparePoolStack stack) : OrchestrationTestBase(stack), IClassFixture<SparePoolStack>
{
    [Fact]
    public async Task The_pool_is_kept_full_and_a_create_takes_a_spare_which_the_pool_then_replaces()
    {
        var spares = await FullPoolAsync();
        foreach (var spare in spares)
        {
            Assert.Equal((Guid.Empty, 0, ProvisioningStatus.Active), (spare.TenantId, spare.ReferenceCount, spare.ProvisioningStatus));
            var container = (await ContainerAsync(spare))!;
            Assert.Equal(Container.Types.Status.Running, container.Status);
            Assert.Equal([Stack.Popd.DefaultNetwork], container.Endpoints.Keys);
        }

        var tenant = Guid.NewGuid();
        var accepted = await CreateAsync(Create(tenant, 0));
        await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);

        var device = await DeviceOfAsync(accepted.NetworkServiceId);
        Assert.Equal(spares[0].Id, device.Id);
        Assert.Equal((tenant, 1, 2), (device.TenantId, device.ReferenceCount, device.InterfacesInUse));
        var steps = (await Operations.StepsAsync(accepted.OperationId)).Select(s => s.Step).ToList();
        Assert.DoesNotContain("create_nsd", steps);
        Assert.Equal(
            new[] { Stack.Popd.DefaultNetwork, Stack.Networks[0].Name, Stack.Networks[1].Name }.Order(),
            (await ContainerAsync(device))!.Endpoints.Keys.Order());
        var refilled = await FullPoolAsync();
        Assert.DoesNotContain(refilled, s => s.Id == device.Id);

        await DeleteAsync(accepted.NetworkServiceId);
        await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Deleted);
        Assert.Null(await ContainerAsync(device));
    }

    [Fact]
    public async Task A_failover_puts_a_spare_in_the_dead_devices_place_at_the_same_data_addresses()
    {
        await FullPoolAsync();
        var providerIp = TestSubnets.Host(Stack.Networks[0].Cidr, 45);
        var accepted = await CreateAsync(Create(Guid.NewGuid(), 0, providerIp: providerIp));
        await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        var dead = await DeviceOfAsync(accepted.NetworkServiceId);
        var before = (await ContainerAsync(dead))!;
        var spares = await FullPoolAsync();

        await DockerCli.RunAsync("kill", DockerName(dead));

        var failover = await CompletedFailoverAsync(accepted.NetworkServiceId);
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        Assert.Equal(OperatingStatus.Online, service.OperatingStatus);
        var device = await DeviceOfAsync(service.Id);
        Assert.Equal(spares[0].Id, device.Id);
        Assert.Equal((dead.TenantId, 1, 2, ProvisioningStatus.Active), (device.TenantId, device.ReferenceCount, device.InterfacesInUse, device.ProvisioningStatus));
        var replaced = await Devices.GetAsync(dead.Id);
        Assert.Equal(ProvisioningStatus.Deleted, replaced.ProvisioningStatus);
        Assert.Contains($"replaced by spare {device.Id}", replaced.StatusDescription, StringComparison.Ordinal);
        Assert.Null(await ContainerAsync(dead));
        // The data addresses the dead device had; the management address the spare's own.
        var after = (await ContainerAsync(device))!;
        Assert.Equal(DataAddresses(before), DataAddresses(after));
        Assert.Equal(providerIp, after.Endpoints[Stack.Networks[0].Name].Ipv4.Address);
        Assert.Equal(device.MgmtIpAddress, after.Endpoints[Stack.Popd.DefaultNetwork].Ipv4.Address);
        // No device was made: the failover went from failover_nsd to get_nsd_status, and configured and watched the spare.
        var steps = (await Operations.StepsAsync(failover.Id)).Select(s => s.Step).Distinct().ToList();
        Assert.Equal(["failover_nsd", "get_nsd_status", "plug_nsd_interface"], steps.Take(3));
        Assert.DoesNotContain("create_nsd", steps);
        Assert.Equal(device.Id, failover.ParametersAs<FailoverParameters>().NsdId);
        Assert.Contains(Stack.Configurator.CallsFor(service.Id), c => c.Method == ConfiguratorMethod.CreateNetworkServiceHealthmonitor
            && c.Request.Info.Context.OperationId == failover.Id && c.Request.Info.Context.NsdId == device.Id);

        await DeleteAsync(service.Id);
        await StatusAsync(service.Id, ProvisioningStatus.Deleted);
        Assert.Null(await ContainerAsync(device));
    }

    [Fact]
    public async Task Every_service_of_a_shared_device_moves_to_the_spare_that_replaces_it()
    {
        await FullPoolAsync();
        var (first, second, dead) = await SharingPairAsync();
        var spares = await FullPoolAsync();

        await DockerCli.RunAsync("kill", DockerName(dead));

        await CompletedFailoverAsync(first.NetworkServiceId);
        await CompletedFailoverAsync(second.NetworkServiceId);
        await StatusAsync(first.NetworkServiceId, ProvisioningStatus.Active);
        await StatusAsync(second.NetworkServiceId, ProvisioningStatus.Active);
        var device = await DeviceOfAsync(first.NetworkServiceId);
        Assert.Equal(device.Id, (await DeviceOfAsync(second.NetworkServiceId)).Id);
        Assert.Equal(spares[0].Id, device.Id);
        Assert.Equal((2, 4), (device.ReferenceCount, device.InterfacesInUse));
        Assert.Equal(5, (await ContainerAsync(device))!.Endpoints.Count);
        Assert.Equal(ProvisioningStatus.Deleted, (await Devices.GetAsync(dead.Id)).ProvisioningStatus);

        await DeleteAsync(first.NetworkServiceId);
        await DeleteAsync(second.NetworkServiceId);
        await StatusAsync(first.NetworkServiceId, ProvisioningStatus.Deleted);
        await StatusAsync(second.NetworkServiceId, ProvisioningStatus.Deleted);
        Assert.Null(await ContainerAsync(device));
    }

    [Fact]
    public async Task A_spare_that_dies_is_given_back_and_made_again()
    {
        var spares = await FullPoolAsync();

        await DockerCli.RunAsync("kill", DockerName(spares[1]));

        await Eventually.HoldsAsync(async () => (await Devices.GetAsync(spares[1].Id)).ProvisioningStatus == ProvisioningStatus.Deleted,
            Patience, "the dead spare given back");
        Assert.Contains("it broke", (await Devices.GetAsync(spares[1].Id)).StatusDescription, StringComparison.Ordinal);
        Assert.Null(await ContainerAsync(spares[1]));
        var again = await FullPoolAsync();
        Assert.Contains(again, s => s.Id == spares[0].Id);
        Assert.DoesNotContain(again, s => s.Id == spares[1].Id);
    }

    /// <summary>The pool's spares, once it holds <see cref="SparePoolStack.PoolSize"/> ACTIVE ones (oldest first).</summary>
    private async Task<IReadOnlyList<NetworkServiceDevice>> FullPoolAsync()
    {
        IReadOnlyList<NetworkServiceDevice> spares = [];
        await Eventually.HoldsAsync(async () =>
        {
            spares = await Devices.SparesAsync(OrchestrationStack.Vendor, "loadbalancer");
            return spares.Count == SparePoolStack.PoolSize && spares.All(s => s.ProvisioningStatus == ProvisioningStatus.Active);
        }, Patience, "the spare pool full");
        return spares;
    }
}
