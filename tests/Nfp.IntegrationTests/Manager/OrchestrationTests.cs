using System.Text.Json;
using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.NetworkServiceManager.Rpc;
using Nfp.Pop.Protocol;
using Nfp.Schema.Configurator;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// Creates and deletes carried out end to end against the real RabbitMQ, PostgreSQL, popd and Docker,
/// with a configurator double answering the configurator calls.
/// </summary>
public sealed class OrchestrationTests(OrchestrationStack stack) : OrchestrationTestBase(stack), IClassFixture<OrchestrationStack>
{
    [Fact]
    public async Task A_device_its_monitor_finds_unreachable_is_in_error_with_its_service_until_it_answers_again_each_an_automatic_operation()
    {
        var accepted = await CreateAsync(Create(Guid.NewGuid(), 0));
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        var device = await DeviceOfAsync(service.Id);
        var context = new ConfigContext(service.Id, device.Id, accepted.OperationId, "configurator");

        Stack.Configurator.Tell(new ConfiguratorNotification(NotificationType.NsdHealthStatusNotification, context, DateTimeOffset.UtcNow,
            Health: NsdHealth.Unreachable, Reason: "no answer to 3 probes"));

        await Eventually.HoldsAsync(async () => (await Services.GetAsync(service.Id)).OperatingStatus == OperatingStatus.Error, Patience, "service ERROR");
        var failed = await Devices.GetAsync(device.Id);
        Assert.Equal((ProvisioningStatus.Error, "no answer to 3 probes"), (failed.ProvisioningStatus, failed.StatusDescription));
        Assert.Equal(ProvisioningStatus.Active, (await Services.GetAsync(service.Id)).ProvisioningStatus);
        var heal = Assert.Single(await Operations.WhereAsync("resource_id", service.Id), o => o.Kind == OperationKind.Heal);
        Assert.Equal((true, OperationState.Completed), (heal.IsAutomatic, heal.State));

        Stack.Configurator.Tell(new ConfiguratorNotification(NotificationType.NsdHealthStatusNotification, context, DateTimeOffset.UtcNow,
            Health: NsdHealth.Reachable, Reason: "answers again"));

        await Eventually.HoldsAsync(async () => (await Services.GetAsync(service.Id)).OperatingStatus == OperatingStatus.Online, Patience, "service ONLINE");
        var healed = await Devices.GetAsync(device.Id);
        Assert.Equal((ProvisioningStatus.Active, OperatingStatus.Online), (healed.ProvisioningStatus, healed.OperatingStatus));
        Assert.Equal(2, (await Operations.WhereAsync("resource_id", service.Id)).Count(o => o is { Kind: OperationKind.Heal, IsAutomatic: true }));
    }

    [Fact]
    public async Task A_delete_goes_on_when_the_configurator_cannot_undo_its_config_and_records_why()
    {
        var accepted = await CreateAsync(Create(Guid.NewGuid(), 0));
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        Stack.Configurator.Refuse = call => call.Request.Info.Context.NetworkServiceId == service.Id
            && call.Method == ConfiguratorMethod.DeleteNetworkServiceHealthmonitor ? "no vendor driver" : null;

        var deleted = await DeleteAsync(service.Id);

        await StatusAsync(service.Id, ProvisioningStatus.Deleted);
        var steps = await Operations.StepsAsync(deleted.OperationId);
        Assert.Contains(steps, s => s.Step == "delete_network_service_healthmonitor" && s.Outcome == "next" && s.Detail.Contains("no vendor driver"));
        Assert.Null(await ContainerAsync(await DeviceOfAsync(service.Id)));
    }

    [Fact]
    public async Task Create_renders_a_running_device_plugged_into_the_service_networks_at_the_right_addresses()
    {
        var providerIp = Stack.Networks[0].Cidr.Replace(".0/24", ".42", StringComparison.Ordinal);

        var accepted = await CreateAsync(Create(Guid.NewGuid(), 0, providerIp: providerIp));
        var service = await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);

        Assert.Equal(OperatingStatus.Online, service.OperatingStatus);
        Assert.Equal(OperationState.Completed, (await Operations.GetAsync(accepted.OperationId)).State);
        var device = await DeviceOfAsync(service.Id);
        Assert.Equal((ProvisioningStatus.Active, 1, 2), (device.ProvisioningStatus, device.ReferenceCount, device.InterfacesInUse));
        var container = await ContainerAsync(device);
        Assert.Equal(Container.Types.Status.Running, container!.Status);
        Assert.Equal(device.MgmtIpAddress, container.Endpoints[Stack.Popd.DefaultNetwork].Ipv4.Address);
        Assert.Equal(providerIp, container.Endpoints[Stack.Networks[0].Name].Ipv4.Address);
        Assert.StartsWith(Stack.Networks[1].Cidr[..^4], container.Endpoints[Stack.Networks[1].Name].Ipv4.Address, StringComparison.Ordinal);
        Assert.Contains("NET_ADMIN", container.Options.CapAdd);
        // Docker agrees: the container is attached at those addresses.
        var dockerId = Assert.Single(await DockerCli.ContainersLabelled($"nfp.nsd_id={device.Id}"));
        var addresses = (await DockerCli.RunAsync("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}", dockerId))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(container.Endpoints.Values.Select(e => e.Ipv4.Address).Order(), addresses.Order());
        // The configurator was asked, in the spec's order, with the device's interfaces.
        var calls = Stack.Configurator.CallsFor(service.Id);
        Assert.Equal(
            [ConfiguratorMethod.CreateNsdConfig, ConfiguratorMethod.CreateNetworkServiceConfig, ConfiguratorMethod.CreateNetworkServiceHealthmonitor],
            calls.Select(c => c.Method).Distinct());
        Assert.Contains(providerIp, calls[0].Request.Config.Single(r => r.Resource == ConfigResourceKind.Interfaces).ResourceData.GetRawText(),
            StringComparison.Ordinal);
        Assert.All(calls, call => Assert.Equal((device.Id, accepted.OperationId), (call.Request.Info.Context.NsdId, call.Request.Info.Context.OperationId)));
        // get_network_service shows what was allocated: each port where the plug put it, the device, the VIP.
        var detail = (await Stack.Manager.Client<GetNetworkService>().GetResponse<NetworkServiceDetail>(new GetNetworkService(service.Id))).Message;
        Assert.Equal(
            [(Stack.Networks[0].Name, providerIp, container.Endpoints[Stack.Networks[0].Name].Mac, Stack.Networks[0].Cidr),
             (Stack.Networks[1].Name, container.Endpoints[Stack.Networks[1].Name].Ipv4.Address, container.Endpoints[Stack.Networks[1].Name].Mac, Stack.Networks[1].Cidr)],
            detail.Ports.Select(p => (p.Network, p.IpAddress, p.Mac, p.Cidr)));
        Assert.All(detail.Ports, p => Assert.Equal(device.Id, p.NsdId));
        Assert.Equal((device.Id, device.MgmtIpAddress), (detail.Devices.Single().Id, detail.Devices.Single().MgmtIpAddress));
        Assert.Equal(container.Endpoints[Stack.Networks[1].Name].Ipv4.Address, detail.VipAddress);
    }

    [Fact]
    public async Task A_configurator_that_restarted_is_given_the_health_monitor_of_each_active_service_again()
    {
        var accepted = await CreateAsync(Create(Guid.NewGuid(), 0));
        await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        // The manager has pulled from this configurator instance since, so that it can tell another.
        var pulls = Stack.Configurator.Pulls.Count;
        await Eventually.HoldsAsync(() => Task.FromResult(Stack.Configurator.Pulls.Count > pulls + 1), Patience, "two pulls");

        Stack.Configurator.Restart();

        Operation? monitor = null;
        await Eventually.HoldsAsync(async () =>
            (monitor = (await Operations.WhereAsync("resource_id", accepted.NetworkServiceId))
                .FirstOrDefault(o => o.Kind == OperationKind.Monitor && o.State == OperationState.Completed)) is not null,
            Patience, "a completed monitor operation");
        Assert.True(monitor!.IsAutomatic);
        Assert.Contains(Stack.Configurator.CallsFor(accepted.NetworkServiceId), call =>
            call.Method == ConfiguratorMethod.CreateNetworkServiceHealthmonitor && call.Request.Info.Context.OperationId == monitor.Id);
        var service = await Services.GetAsync(accepted.NetworkServiceId);
        Assert.Equal((ProvisioningStatus.Active, OperatingStatus.Online), (service.ProvisioningStatus, service.OperatingStatus));
        await DeleteAsync(accepted.NetworkServiceId);
        await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task An_operations_steps_are_read_back_in_the_order_they_ran_and_an_unknown_operation_is_404()
    {
        var accepted = await CreateAsync(Create(Guid.NewGuid(), 0));
        await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        using var http = Stack.Manager.Http();

        using var body = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v1/operations/{accepted.OperationId}/steps", UriKind.Relative)));
        var missing = await http.GetAsync(new Uri($"/v1/operations/{Guid.NewGuid()}/steps", UriKind.Relative));

        var runs = body.RootElement.GetProperty("operation_steps").EnumerateArray().ToList();
        Assert.Equal(
            ["select_nsd", "create_nsd", "get_nsd_status", "plug_nsd_interface", "create_nsd_config", "create_network_service_config",
             "create_network_service_healthmonitor", "network_service_active"],
            runs.Select(r => r.GetProperty("step").GetString()).Distinct());
        Assert.Equal("completed", runs[^1].GetProperty("outcome").GetString());
        Assert.All(runs, r => Assert.Equal(accepted.OperationId, r.GetProperty("operation_id").GetGuid()));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        await DeleteAsync(accepted.NetworkServiceId);
        await StatusAsync(accepted.NetworkServiceId, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task Delete_removes_the_device_frees_its_addresses_and_leaves_the_rows_deleted()
    {
        var providerIp = Stack.Networks[2].Cidr.Replace(".0/24", ".43", StringComparison.Ordinal);
        var created = await CreateAsync(Create(Guid.NewGuid(), 2, providerIp: providerIp));
        await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Active);
        var device = await DeviceOfAsync(created.NetworkServiceId);
        var instance = (await Instances.WhereAsync("network_service_id", created.NetworkServiceId)).Single();

        var deleted = await DeleteAsync(created.NetworkServiceId);
        await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Deleted);

        Assert.Equal(OperationState.Completed, (await Operations.GetAsync(deleted.OperationId)).State);
        Assert.Equal(ProvisioningStatus.Deleted, (await Devices.GetAsync(device.Id)).ProvisioningStatus);
        Assert.Equal(ProvisioningStatus.Deleted, (await Instances.GetAsync(instance.Id)).ProvisioningStatus);
        Assert.Empty(await Ports.GetManyAsync(instance.PortInfo));
        Assert.Null(await ContainerAsync(device));
        Assert.Empty(await DockerCli.ContainersLabelled($"nfp.nsd_id={device.Id}"));
        // The fixed address is free again: a new service takes it.
        var again = await CreateAsync(Create(Guid.NewGuid(), 2, providerIp: providerIp));
        await StatusAsync(again.NetworkServiceId, ProvisioningStatus.Active);
        await DeleteAsync(again.NetworkServiceId);
        await StatusAsync(again.NetworkServiceId, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task Two_services_share_one_device_and_deleting_one_keeps_it_for_the_other()
    {
        var (first, second, device) = await SharingPairAsync();

        Assert.Equal((2, 4), (device.ReferenceCount, device.InterfacesInUse));
        Assert.Equal(5, (await ContainerAsync(device))!.Endpoints.Count);

        await DeleteAsync(first.NetworkServiceId);
        await StatusAsync(first.NetworkServiceId, ProvisioningStatus.Deleted);

        var kept = await Devices.GetAsync(device.Id);
        Assert.Equal((ProvisioningStatus.Active, 1, 2), (kept.ProvisioningStatus, kept.ReferenceCount, kept.InterfacesInUse));
        var container = await ContainerAsync(device);
        Assert.Equal(Container.Types.Status.Running, container!.Status);
        Assert.Equal(new[] { Stack.Popd.DefaultNetwork, Stack.Networks[2].Name, Stack.Networks[3].Name }.Order(), container.Endpoints.Keys.Order());
        Assert.Contains(ConfiguratorMethod.DeleteNetworkServiceConfig, Stack.Configurator.CallsFor(first.NetworkServiceId).Select(c => c.Method));

        await DeleteAsync(second.NetworkServiceId);
        await StatusAsync(second.NetworkServiceId, ProvisioningStatus.Deleted);
        Assert.Equal(ProvisioningStatus.Deleted, (await Devices.GetAsync(device.Id)).ProvisioningStatus);
        Assert.Null(await ContainerAsync(device));
    }

    [Fact]
    public async Task A_call_left_unanswered_by_a_configurator_that_restarted_is_sent_again_at_once_not_at_its_resend_time()
    {
        var created = await CreateAsync(Create(Guid.NewGuid(), 2));
        var withholding = true;
        Stack.Configurator.Withhold = call => withholding
            && call.Request.Info.Context.NetworkServiceId == created.NetworkServiceId && call.Method == ConfiguratorMethod.CreateNetworkServiceConfig;
        await Eventually.HoldsAsync(() => Task.FromResult(Stack.Configurator.CallsFor(created.NetworkServiceId)
            .Any(c => c.Method == ConfiguratorMethod.CreateNetworkServiceConfig)), Patience, "the create waiting on create_network_service_config");
        var pulls = Stack.Configurator.Pulls.Count;
        await Eventually.HoldsAsync(() => Task.FromResult(Stack.Configurator.Pulls.Count > pulls + 1), Patience, "two pulls");
        withholding = false;

        // The new instance knows nothing of the call; the manager's resend would come 20 s after the first.
        var restarted = DateTimeOffset.UtcNow;
        Stack.Configurator.Restart();

        var took = await Eventually.HoldsAsync(() => Task.FromResult(Stack.Configurator.CallsFor(created.NetworkServiceId)
            .Count(c => c.Method == ConfiguratorMethod.CreateNetworkServiceConfig) >= 2), TimeSpan.FromSeconds(10), "the call sent again");
        Assert.True(took < TimeSpan.FromSeconds(10), $"sent again {took} after the restart ({restarted:O})");
        await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Active);
        await DeleteAsync(created.NetworkServiceId);
        await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task A_delete_during_create_cancels_the_rest_of_the_create_and_cleans_up_what_it_made()
    {
        var request = Create(Guid.NewGuid(), 0);
        var created = await CreateAsync(request);
        // Hold the create at create_network_service_config: its device is made and plugged by then.
        Stack.Configurator.Withhold = call =>
            call.Request.Info.Context.NetworkServiceId == created.NetworkServiceId && call.Method == ConfiguratorMethod.CreateNetworkServiceConfig;
        await Eventually.HoldsAsync(() => Task.FromResult(Stack.Configurator.CallsFor(created.NetworkServiceId)
            .Any(c => c.Method == ConfiguratorMethod.CreateNetworkServiceConfig)), Patience, "the create reaching create_network_service_config");
        var device = await DeviceOfAsync(created.NetworkServiceId);
        Assert.NotNull(await ContainerAsync(device));

        var deleted = await DeleteAsync(created.NetworkServiceId);
        await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Deleted);

        var create = await Operations.GetAsync(created.OperationId);
        Assert.Equal(OperationState.Failed, create.State);
        Assert.Contains($"Cancelled by delete operation {deleted.OperationId}", create.Error, StringComparison.Ordinal);
        Assert.Equal(OperationState.Completed, (await Operations.GetAsync(deleted.OperationId)).State);
        Assert.Null(await ContainerAsync(device));
        Assert.Equal(ProvisioningStatus.Deleted, (await Devices.GetAsync(device.Id)).ProvisioningStatus);
    }

    [Fact]
    public async Task A_step_past_its_deadline_fails_the_operation_and_puts_the_service_in_error_with_the_reason()
    {
        var created = await CreateAsync(Create(Guid.NewGuid(), 0));
        Stack.Configurator.Withhold = call =>
            call.Request.Info.Context.NetworkServiceId == created.NetworkServiceId && call.Method == ConfiguratorMethod.CreateNetworkServiceHealthmonitor;

        var service = await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Error);

        var operation = await Operations.GetAsync(created.OperationId);
        Assert.Equal((OperationState.FailedTemp, "create_network_service_healthmonitor"), (operation.State, operation.Step));
        Assert.Contains($"did not finish within {OrchestrationStack.HealthmonitorDeadlineSeconds} s", service.StatusDescription, StringComparison.Ordinal);
        Assert.Equal(operation.Error, service.StatusDescription);
        // A service in ERROR is deleted like any other.
        await DeleteAsync(created.NetworkServiceId);
        await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Deleted);
    }

    [Fact]
    public async Task A_policy_target_added_to_an_active_service_reconfigures_it_and_one_added_while_pending_is_a_conflict()
    {
        var created = await CreateAsync(Create(Guid.NewGuid(), 0));
        var target = new PolicyTarget(Guid.NewGuid(), Guid.NewGuid(), "10.1.2.3", "web-3");
        var client = Stack.Manager.Client<PolicyTargetAddedNotification>();

        var whilePending = await client.GetResponse<NetworkServiceAccepted, RpcFault>(new PolicyTargetAddedNotification(created.NetworkServiceId, target));
        await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Active);
        var added = await AcceptedAsync<PolicyTargetAddedNotification>(
            new PolicyTargetAddedNotification(created.NetworkServiceId, target));

        Assert.True(whilePending.Is(out Response<RpcFault>? conflict));
        Assert.Equal(RpcFaultCode.Conflict, conflict!.Message.Code);
        Assert.Equal(ProvisioningStatus.PendingUpdate, added.ProvisioningStatus);
        await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Active);
        var operation = await Operations.GetAsync(added.OperationId);
        Assert.Equal((OperationKind.PtAdd, OperationState.Completed), (operation.Kind, operation.State));
        Assert.Equal("10.1.2.3", operation.Parameters.GetProperty("policy_target").GetProperty("ip_address").GetString());
        // A reconfiguration of a service rendered as it should be sends its config and asserts its health monitor, nothing else.
        var calls = Stack.Configurator.CallsFor(created.NetworkServiceId).Where(c => c.Request.Info.Context.OperationId == added.OperationId).ToList();
        Assert.Equal([ConfiguratorMethod.CreateNetworkServiceConfig, ConfiguratorMethod.CreateNetworkServiceHealthmonitor], calls.Select(c => c.Method));
        var reconfigured = calls[0];
        // The whole config after the change: the member is in the load balancer's members.
        var data = reconfigured.Request.Config.Single(r => r.Resource == ConfigResourceKind.Loadbalancer).ResourceData;
        Assert.Equal(["10.1.2.3"], data.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("address").GetString()));
        await DeleteAsync(created.NetworkServiceId);
        await StatusAsync(created.NetworkServiceId, ProvisioningStatus.Deleted);
    }
}
