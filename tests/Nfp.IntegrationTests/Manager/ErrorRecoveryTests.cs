using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Pop.Protocol;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// ERROR is a state a service leaves: one put there by each kind of failure — its device gone, the
/// configurator's refusal, a step past its deadline — is rendered again, up to ACTIVE and ONLINE: by an
/// update, and by a retry of the failed operation (a dead device: by an update, and by a failover). Against the real RabbitMQ, PostgreSQL, popd and Docker,
/// with a configurator double whose answers the tests steer.
/// </summary>
public sealed class ErrorRecoveryTests(OrchestrationStack stack) : OrchestrationTestBase(stack), IClassFixture<OrchestrationStack>
{

    [Fact]
    public async Task A_configurator_refusal_is_left_by_an_update_and_by_a_retry()
    {
        var refusing = true;
        var id = Guid.Empty;
        Stack.Configurator.Refuse = call => refusing && call.Request.Info.Context.NetworkServiceId == id
            && call.Method == ConfiguratorMethod.CreateNetworkServiceConfig ? "the device refused its haproxy config" : null;
        var create = await AcceptedAsync(Create(Guid.NewGuid(), 0));
        id = create.NetworkServiceId;
        await SettledAsync(id, ProvisioningStatus.Error);
        var stillRefused = await AcceptedAsync(new UpdateNetworkService(id, ServiceConfigs.Empty));
        await SettledAsync(id, ProvisioningStatus.Error);
        Assert.Equal(OperationState.Failed, (await Operations.GetAsync(create.OperationId)).State);
        Assert.Contains($"Superseded by operation {stillRefused.OperationId}", (await Operations.GetAsync(create.OperationId)).Error, StringComparison.Ordinal);

        refusing = false;
        var update = await AcceptedAsync(new UpdateNetworkService(id, ServiceConfigs.Empty));
        await AssertRenderedAsync(id);
        Assert.Equal(OperationState.Completed, (await Operations.GetAsync(update.OperationId)).State);

        refusing = true;
        var failing = await AcceptedAsync(new UpdateNetworkService(id, ServiceConfigs.Empty));
        await SettledAsync(id, ProvisioningStatus.Error);
        Assert.Equal(OperationState.FailedTemp, (await Operations.GetAsync(failing.OperationId)).State);
        refusing = false;
        var retry = await AcceptedAsync(new RetryNetworkService(id));
        await AssertRenderedAsync(id);
        Assert.Equal((failing.OperationId, ProvisioningStatus.PendingUpdate), (retry.OperationId, retry.ProvisioningStatus));
        Assert.Equal(OperationState.Completed, (await Operations.GetAsync(failing.OperationId)).State);
        Assert.Equal(NetworkServiceManager.Orchestration.Steps.SelectNsd, (await StepsRunAsync(failing.OperationId)).SkipWhile(step => step != "retry").Skip(1).First());
    }

    [Fact]
    public async Task A_step_past_its_deadline_is_left_by_a_retry_and_by_an_update()
    {
        var withholding = true;
        var id = Guid.Empty;
        Stack.Configurator.Withhold = call => withholding && call.Request.Info.Context.NetworkServiceId == id
            && call.Method == ConfiguratorMethod.CreateNetworkServiceHealthmonitor;
        var create = await AcceptedAsync(Create(Guid.NewGuid(), 2));
        id = create.NetworkServiceId;
        var failed = await SettledAsync(id, ProvisioningStatus.Error);
        Assert.Contains("did not finish within", failed.StatusDescription, StringComparison.Ordinal);

        withholding = false;
        await AcceptedAsync(new RetryNetworkService(id));
        await AssertRenderedAsync(id);

        withholding = true;
        await AcceptedAsync(new UpdateNetworkService(id, ServiceConfigs.Empty));
        await SettledAsync(id, ProvisioningStatus.Error);
        withholding = false;
        await AcceptedAsync(new UpdateNetworkService(id, ServiceConfigs.Empty));
        await AssertRenderedAsync(id);
    }

    [Fact]
    public async Task A_dead_device_is_declared_dead_by_its_driver_and_made_again_at_the_same_addresses_by_an_update_and_by_a_failover()
    {
        var id = Guid.Empty;
        // As the configurator does: a call for a device that does not run fails (its agent does not answer).
        Stack.Configurator.Refuse = call => call.Request.Info.Context.NetworkServiceId == id
            && !RunningDevices.Contains(call.Request.Info.Context.NsdId) ? "the device agent did not answer" : null;
        id = (await AcceptedAsync(Create(Guid.NewGuid(), 0))).NetworkServiceId;
        await AssertRenderedAsync(id);
        var device = await DeviceOfAsync(id);
        var addresses = DataAddresses((await ContainerAsync(device))!);

        foreach (var leave in new Func<Task<NetworkServiceAccepted>>[]
                 {
                     () => AcceptedAsync(new UpdateNetworkService(id, ServiceConfigs.Empty)),
                     () => AcceptedAsync(new FailoverNetworkService(id)),
                 })
        {
            await DockerCli.RunAsync("kill", $"{Stack.Popd.PopName}.nsd-{device.Id:N}");
            // popd's Watch tells the manager (no health monitor here): the device ERROR, the service not ONLINE,
            // and — automatic failover being off in this stack — nothing more until someone acts.
            await Eventually.HoldsAsync(async () => (await Devices.GetAsync(device.Id)).ProvisioningStatus == ProvisioningStatus.Error,
                TimeSpan.FromSeconds(5), "the device declared dead");
            var service = await Services.GetAsync(id);
            Assert.Equal((ProvisioningStatus.Active, OperatingStatus.Error), (service.ProvisioningStatus, service.OperatingStatus));
            Assert.Contains("FAILED", (await Devices.GetAsync(device.Id)).StatusDescription, StringComparison.Ordinal);

            var left = await leave();
            await AssertRenderedAsync(id);

            var container = await ContainerAsync(device);
            Assert.Equal(Container.Types.Status.Running, container!.Status);
            Assert.Equal(addresses, DataAddresses(container));
            Assert.Contains(await DetailsAsync(left.OperationId), detail => detail.Contains("made again", StringComparison.Ordinal));
        }
    }

    /// <summary>The ids of the devices whose containers run now, as popd has them.</summary>
    private HashSet<Guid> RunningDevices =>
        Stack.Popd.Client.ContainersAsync().GetAwaiter().GetResult().Where(c => c.Status == Container.Types.Status.Running)
            .SelectMany(c => c.Names).Where(name => name.StartsWith("nsd-", StringComparison.Ordinal))
            .Select(name => Guid.ParseExact(name["nsd-".Length..], "N")).ToHashSet();

    /// <summary>Waits for the service to settle (ACTIVE or ERROR) and asserts it settled in <paramref name="status"/>.</summary>
    private async Task<NetworkService> SettledAsync(Guid id, ProvisioningStatus status)
    {
        NetworkService? service = null;
        await Eventually.HoldsAsync(async () => (service = await Services.GetAsync(id)).ProvisioningStatus is ProvisioningStatus.Active or ProvisioningStatus.Error,
            Patience, $"service {id} settling");
        Assert.True(service!.ProvisioningStatus == status, $"service {id} is {service.ProvisioningStatus}, not {status}: {service.StatusDescription}");
        return service;
    }

    /// <summary>The service, its instance and its device ACTIVE and ONLINE.</summary>
    private async Task AssertRenderedAsync(Guid id)
    {
        var service = await SettledAsync(id, ProvisioningStatus.Active);
        var instance = (await Instances.WhereAsync("network_service_id", id)).Single();
        var device = await Devices.GetAsync(instance.NsdId!.Value);
        Assert.Equal(OperatingStatus.Online, service.OperatingStatus);
        Assert.Equal((ProvisioningStatus.Active, OperatingStatus.Online), (instance.ProvisioningStatus, instance.OperatingStatus));
        Assert.Equal((ProvisioningStatus.Active, OperatingStatus.Online), (device.ProvisioningStatus, device.OperatingStatus));
    }

    /// <summary>The operation's step runs, in order, with a "retry" marker where a run of the first step follows a failure.</summary>
    private async Task<IReadOnlyList<string>> StepsRunAsync(Guid operationId) =>
        (await Operations.StepsAsync(operationId)).SelectMany(run => run.Outcome == "fail" ? new[] { run.Step, "retry" } : [run.Step]).ToList();

    private async Task<IReadOnlyList<string>> DetailsAsync(Guid operationId) =>
        (await Operations.StepsAsync(operationId)).Select(run => run.Detail).ToList();
}
