using Dapper;
using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.Pop.Protocol;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// Failover against the real popd and Docker, with the configurator double: a device declared dead —
/// killed, as popd's Watch tells; or hung, as its health monitor tells — is replaced by a new container
/// at the same addresses without anyone asking; the operator's failover
/// replaces a living (shared) device; a Pop that cannot make the replacement is tried again after a
/// backoff and then leaves the service in ERROR; a delete during a failover leaves nothing.
/// </summary>
public sealed class FailoverTests(FailoverStack stack) : OrchestrationTestBase(stack), IClassFixture<FailoverStack>
{
    private static readonly string[] FailoverGraph =
    [
        "failover_nsd", "create_nsd", "get_nsd_status", "plug_nsd_interface", "create_nsd_config", "create_network_service_config",
        "create_network_service_healthmonitor", "network_service_active",
    ];

    [Fact]
    public async Task A_killed_device_is_declared_dead_by_popd_and_replaced_automatically_by_a_new_container_at_the_same_addresses()
    {
        var providerIp = TestSubnets.Host(Stack.Networks[0].Cidr, 43);
        var accepted = await CreateAsync(Create(Guid.NewGuid(), 0, providerIp: providerIp));
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        var device = await DeviceOfAsync(service.Id);
        var before = (await ContainerAsync(device))!;

        // No health monitor tells it here (the configurator is a double): popd's Watch does, through the Pop driver.
        await DockerCli.RunAsync("kill", DockerName(device));

        var failover = await CompletedFailoverAsync(service.Id);
        var heal = Assert.Single(await Operations.WhereAsync("resource_id", service.Id), o => o.Kind == OperationKind.Heal);
        Assert.Contains("FAILED", heal.ParametersAs<NsdHealthChange>().Reason, StringComparison.Ordinal);
        Assert.True(failover.IsAutomatic);
        service = await StatusAsync(service.Id, ProvisioningStatus.Active);
        Assert.Equal(OperatingStatus.Online, service.OperatingStatus);
        var after = (await ContainerAsync(device))!;
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal(Container.Types.Status.Running, after.Status);
        // The same addresses on every network, the management one included (popd kept them for the dead device).
        Assert.Equal(Addresses(before), Addresses(after));
        Assert.Equal(providerIp, after.Endpoints[Stack.Networks[0].Name].Ipv4.Address);
        var replaced = await Devices.GetAsync(device.Id);
        Assert.Equal((ProvisioningStatus.Active, OperatingStatus.Online, before.Endpoints[Stack.Popd.DefaultNetwork].Ipv4.Address),
            (replaced.ProvisioningStatus, replaced.OperatingStatus, replaced.MgmtIpAddress));
        // Its steps read back like a create's, and the device was configured and watched again.
        Assert.Equal(FailoverGraph, (await Operations.StepsAsync(failover.Id)).Select(s => s.Step).Distinct());
        Assert.Equal(
            [ConfiguratorMethod.CreateNsdConfig, ConfiguratorMethod.CreateNetworkServiceConfig, ConfiguratorMethod.CreateNetworkServiceHealthmonitor],
            Stack.Configurator.CallsFor(service.Id).Where(c => c.Request.Info.Context.OperationId == failover.Id).Select(c => c.Method).Distinct());
        await DeleteAsync(service.Id);
        await StatusAsync(service.Id, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task A_hung_device_its_health_monitor_gives_up_on_is_replaced_automatically()
    {
        var accepted = await CreateAsync(Create(Guid.NewGuid(), 2));
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        var device = await DeviceOfAsync(service.Id);
        var before = (await ContainerAsync(device))!;

        // A hung device does not die: popd sees it running, only its health monitor finds it silent.
        await DockerCli.RunAsync("pause", DockerName(device));
        TellUnreachable(service.Id, device.Id, accepted.OperationId);

        var failover = await CompletedFailoverAsync(service.Id);
        Assert.True(failover.IsAutomatic);
        await StatusAsync(service.Id, ProvisioningStatus.Active);
        var after = (await ContainerAsync(device))!;
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal(Addresses(before), Addresses(after));
        Assert.Equal("running", (await DockerCli.RunAsync("inspect", "-f", "{{.State.Status}}", DockerName(device))).Trim());
        await DeleteAsync(service.Id);
        await StatusAsync(service.Id, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task The_operators_failover_of_a_shared_device_replaces_it_and_renders_every_service_on_it_again()
    {
        var (first, second, device) = await SharingPairAsync();
        var before = (await ContainerAsync(device))!;

        var accepted = await AcceptedAsync(new FailoverNsd(device.Id));
        Assert.Equal((first.NetworkServiceId, ProvisioningStatus.PendingUpdate), (accepted.NetworkServiceId, accepted.ProvisioningStatus));
        Assert.Equal(RpcFaultCode.Conflict, (await FaultAsync(new FailoverNetworkService(first.NetworkServiceId))).Code);

        var failover = await CompletedFailoverAsync(first.NetworkServiceId);
        Assert.False(failover.IsAutomatic);
        var followed = await CompletedFailoverAsync(second.NetworkServiceId);
        Assert.True(followed.IsAutomatic);
        await StatusAsync(first.NetworkServiceId, ProvisioningStatus.Active);
        await StatusAsync(second.NetworkServiceId, ProvisioningStatus.Active);
        var after = (await ContainerAsync(device))!;
        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal(Addresses(before), Addresses(after));
        Assert.Contains(Stack.Configurator.CallsFor(second.NetworkServiceId),
            c => c.Method == ConfiguratorMethod.CreateNetworkServiceConfig && c.Request.Info.Context.OperationId == followed.Id);
        Assert.Equal((2, 4), ((await Devices.GetAsync(device.Id)).ReferenceCount, (await Devices.GetAsync(device.Id)).InterfacesInUse));

        Assert.Equal(RpcFaultCode.NotFound, (await FaultAsync(new FailoverNsd(Guid.NewGuid()))).Code);
        Assert.Equal(RpcFaultCode.NotFound, (await FaultAsync(new FailoverNetworkService(Guid.NewGuid()))).Code);
        await DeleteAsync(first.NetworkServiceId);
        await DeleteAsync(second.NetworkServiceId);
        await StatusAsync(second.NetworkServiceId, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task A_failover_the_Pop_refuses_is_tried_again_after_its_backoff_then_leaves_the_service_in_error_with_the_reason()
    {
        var accepted = await CreateAsync(Create(Guid.NewGuid(), 0, vendor: OrchestrationStack.Fragile));
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        var device = await DeviceOfAsync(service.Id);
        await DockerCli.RunAsync("rmi", Stack.FragileImage);
        try
        {
            await DockerCli.RunAsync("kill", DockerName(device));

            await Eventually.HoldsAsync(async () => (await Services.GetAsync(service.Id)).StatusDescription.Contains("no more automatic failovers",
                StringComparison.Ordinal), Patience, "automatic failover given up");
            service = await Services.GetAsync(service.Id);
            Assert.Equal(ProvisioningStatus.Error, service.ProvisioningStatus);
            Assert.Contains("No image", service.StatusDescription, StringComparison.Ordinal);
            var failovers = (await Operations.WhereAsync("resource_id", service.Id)).Where(o => o.Kind == OperationKind.Failover).ToList();
            Assert.Equal(2, failovers.Count);
            Assert.All(failovers, f => Assert.True(f.IsAutomatic));
            Assert.Equal(OperationState.FailedTemp, failovers[^1].State);
            // The second try began after the first failed, one backoff (1 s) and the settle time later.
            var firstFailed = (await Operations.StepsAsync(failovers[0].Id))[^1].EndedAt;
            var secondBegan = (await Operations.StepsAsync(failovers[1].Id))[0].StartedAt;
            Assert.True(secondBegan - firstFailed >= TimeSpan.FromMilliseconds(1000 + 200), $"second try {secondBegan - firstFailed} after the first");
        }
        finally
        {
            await DockerCli.RunAsync("tag", PopdServer.Image, Stack.FragileImage);
        }

        // The operator's failover still works, and makes the device the failed ones could not.
        await AcceptedAsync(new FailoverNetworkService(service.Id));
        await StatusAsync(service.Id, ProvisioningStatus.Active);
        Assert.Equal(Container.Types.Status.Running, (await ContainerAsync(device))!.Status);
        await DeleteAsync(service.Id);
        await StatusAsync(service.Id, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task A_delete_during_a_failover_leaves_no_container_no_address_and_nothing_pending()
    {
        var providerIp = TestSubnets.Host(Stack.Networks[0].Cidr, 44);
        var accepted = await CreateAsync(Create(Guid.NewGuid(), 0, providerIp: providerIp));
        await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        var device = await DeviceOfAsync(accepted.NetworkServiceId);

        var failover = await AcceptedAsync(new FailoverNetworkService(accepted.NetworkServiceId));
        await Eventually.HoldsAsync(async () => (await Operations.StepsAsync(failover.OperationId)).Any(s => s.Step == "create_nsd"),
            Patience, "the failover making the new device");
        await DeleteAsync(accepted.NetworkServiceId);

        await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Deleted);
        Assert.Equal(ProvisioningStatus.Deleted, (await Devices.GetAsync(device.Id)).ProvisioningStatus);
        Assert.Null(await ContainerAsync(device));
        Assert.Empty(await DockerCli.ContainersLabelled($"nfp.nsd_id={device.Id}"));
        await using (var connection = await Stack.Manager.Database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM operations WHERE resource_id = @id AND state IN ('STARTING', 'PROCESSING')", new { id = accepted.NetworkServiceId }));
            Assert.Equal(0, await connection.ExecuteScalarAsync<int>(
                "SELECT count(*) FROM network_service_devices WHERE id = @id AND provisioning_status LIKE 'PENDING%'", new { id = device.Id }));
        }
        // Its address is free again: a new service is given it.
        var again = await CreateAsync(Create(Guid.NewGuid(), 0, providerIp: providerIp));
        await StatusAsync(again.NetworkServiceId, ProvisioningStatus.Active);
        await DeleteAsync(again.NetworkServiceId);
        await StatusAsync(again.NetworkServiceId, ProvisioningStatus.Deleted);
    }

    private void TellUnreachable(Guid serviceId, Guid nsdId, Guid operationId) =>
        Stack.Configurator.Tell(new ConfiguratorNotification(NotificationType.NsdHealthStatusNotification,
            new ConfigContext(serviceId, nsdId, operationId, "configurator"), DateTimeOffset.UtcNow, Health: NsdHealth.Unreachable, Reason: "no answer to 3 probes"));

    private async Task<RpcFault> FaultAsync<T>(T request) where T : class
    {
        var response = await Stack.Manager.Client<T>().GetResponse<NetworkServiceAccepted, RpcFault>(request);
        Assert.True(response.Is(out Response<RpcFault>? fault), $"{typeof(T).Name} was accepted");
        return fault!.Message;
    }
}
