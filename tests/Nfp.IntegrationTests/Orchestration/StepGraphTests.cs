using Dapper;
using MassTransit;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Configurator;
using Nfp.Schema.Drivers;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Orchestration;

/// <summary>
/// Unit tests of the orchestration graph and its sequencing, on MassTransit's in-memory transport with
/// a scripted lifecycle driver and a configurator double (the state is still PostgreSQL's).
/// </summary>
public sealed class StepGraphTests(InMemoryManager fixture) : IClassFixture<InMemoryManager>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly NetworkServiceRepository _services = new(fixture.Manager.Database.DataSource);
    private readonly OperationRepository _operations = new(fixture.Manager.Database.DataSource);

    private static CreateNetworkService Create(string name, Guid? tenant = null, ServiceType type = ServiceType.Firewall, bool sharing = false) => new(
        tenant ?? Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), type, InMemoryManager.Vendor, sharing),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.NeutronPort, PortClassification.Provider, "web"),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.NeutronPort, PortClassification.Consumer, "users"),
        ],
        Name: name);

    private async Task<NetworkServiceAccepted> AcceptedAsync<T>(T request) where T : class
    {
        var response = await fixture.Manager.Client<T>().GetResponse<NetworkServiceAccepted, RpcFault>(request);
        Assert.True(response.Is(out Response<NetworkServiceAccepted>? accepted));
        return accepted!.Message;
    }

    private async Task<NetworkService> SettledAsync(Guid id, ProvisioningStatus status)
    {
        NetworkService? service = null;
        await Eventually.HoldsAsync(async () => (service = await _services.GetAsync(id)).ProvisioningStatus == status, Patience,
            $"service {id} {status}");
        return service!;
    }

    private async Task<IReadOnlyList<(string Step, string Outcome, string Detail)>> RunsAsync(Guid operationId)
    {
        await using var connection = await fixture.Manager.Database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string, string)>(
            "SELECT step, outcome, detail FROM operation_steps WHERE operation_id = @operationId ORDER BY id", new { operationId })).ToList();
    }

    [Fact]
    public async Task A_create_runs_the_spec_steps_in_order_and_calls_the_driver_and_configurator_in_that_order()
    {
        var accepted = await AcceptedAsync(Create("in-order"));

        await SettledAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        // The service is ACTIVE within the last step, whose run is recorded as it ends.
        await Eventually.HoldsAsync(async () => (await RunsAsync(accepted.OperationId)).Any(r => r.Step == "network_service_active"),
            Patience, "the network_service_active step's record");

        Assert.Equal(
            ["select_nsd", "create_nsd", "get_nsd_status", "plug_nsd_interface", "create_nsd_config", "create_network_service_config",
             "create_network_service_healthmonitor", "network_service_active"],
            (await RunsAsync(accepted.OperationId)).Select(r => r.Step).Distinct());
        Assert.Equal(["create_nsd", "get_nsd_status", "plug_nsd_interface", "plug_nsd_interface"], fixture.Script.CallsOf("in-order"));
        Assert.Equal(
            [ConfiguratorMethod.CreateNsdConfig, ConfiguratorMethod.CreateNetworkServiceConfig, ConfiguratorMethod.CreateNetworkServiceHealthmonitor],
            fixture.Configurator.CallsFor(accepted.NetworkServiceId).Select(c => c.Method));
        Assert.Equal(OperationState.Completed, (await _operations.GetAsync(accepted.OperationId)).State);
    }

    [Fact]
    public async Task A_transient_driver_failure_is_retried_and_the_create_still_finishes()
    {
        var failures = 0;
        fixture.Script.Before = (method, service) => service == "flaky" && method == "create_nsd" && Interlocked.Increment(ref failures) == 1
            ? throw new IOException("popd hiccup")
            : Task.CompletedTask;

        var accepted = await AcceptedAsync(Create("flaky"));
        await SettledAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);

        Assert.Equal(["create_nsd", "create_nsd"], fixture.Script.CallsOf("flaky").Where(m => m == "create_nsd"));
        Assert.Contains(("create_nsd", "retry", "popd hiccup"), await RunsAsync(accepted.OperationId));
    }

    [Fact]
    public async Task A_permanent_driver_refusal_fails_the_operation_at_once_and_the_service_goes_to_error_until_a_retry()
    {
        var refusing = true;
        fixture.Script.Before = (method, service) => refusing && service == "refused" && method == "create_nsd"
            ? throw new LifecycleDriverException("no such image nfp/unknown", isTransient: false)
            : Task.CompletedTask;

        var accepted = await AcceptedAsync(Create("refused"));
        var service = await SettledAsync(accepted.NetworkServiceId, ProvisioningStatus.Error);

        Assert.Equal("no such image nfp/unknown", service.StatusDescription);
        var operation = await _operations.GetAsync(accepted.OperationId);
        Assert.Equal((OperationState.FailedTemp, "create_nsd", "no such image nfp/unknown"), (operation.State, operation.Step, operation.Error));
        Assert.Single(fixture.Script.CallsOf("refused"));
        // An update renders the service whole, so it makes the device the create could not — or fails as the create did.
        var update = await AcceptedAsync(new UpdateNetworkService(accepted.NetworkServiceId, ServiceConfigs.Empty));
        await SettledAsync(accepted.NetworkServiceId, ProvisioningStatus.Error);
        Assert.Equal(2, fixture.Script.CallsOf("refused").Count(m => m == "create_nsd"));
        Assert.Equal(OperationState.Failed, (await _operations.GetAsync(accepted.OperationId)).State);
        refusing = false;
        var retry = await AcceptedAsync(new RetryNetworkService(accepted.NetworkServiceId));
        Assert.Equal(update.OperationId, retry.OperationId);
        await SettledAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
        Assert.Equal(OperationState.Completed, (await _operations.GetAsync(update.OperationId)).State);
    }

    [Fact]
    public async Task A_device_that_never_comes_up_fails_the_create_after_the_last_poll()
    {
        fixture.Script.Status = service => service == "never-up" ? new NsdStatus(NsdState.Pending) : new NsdStatus(NsdState.Active);

        var accepted = await AcceptedAsync(Create("never-up"));
        var service = await SettledAsync(accepted.NetworkServiceId, ProvisioningStatus.Error);

        Assert.Contains($"was not up after {InMemoryManager.StatusPolls} polls", service.StatusDescription, StringComparison.Ordinal);
        Assert.Equal(InMemoryManager.StatusPolls, fixture.Script.CallsOf("never-up").Count(m => m == "get_nsd_status"));
    }

    [Fact]
    public async Task A_configurator_failure_fails_the_operation_with_the_configurators_reason()
    {
        var accepted = await AcceptedAsync(Create("bad-config"));
        fixture.Configurator.Refuse = call => call.Request.Info.Context.NetworkServiceId == accepted.NetworkServiceId
            && call.Method == ConfiguratorMethod.CreateNetworkServiceConfig ? "rule 3: port 70000 is out of range" : null;

        var service = await SettledAsync(accepted.NetworkServiceId, ProvisioningStatus.Error);

        Assert.Equal("The configurator's create_network_service_config failed: rule 3: port 70000 is out of range", service.StatusDescription);
    }

    [Fact]
    public async Task Different_keys_run_in_parallel_while_one_keys_next_operation_waits_for_the_step_in_hand()
    {
        var gate = new TaskCompletionSource();
        fixture.Script.Before = (method, service) => service == "held" && method == "create_nsd" ? gate.Task : Task.CompletedTask;
        var held = await AcceptedAsync(Create("held"));
        await Eventually.HoldsAsync(() => Task.FromResult(fixture.Script.CallsOf("held").Contains("create_nsd")), Patience, "held create_nsd");

        var free = await AcceptedAsync(Create("free"));
        await SettledAsync(free.NetworkServiceId, ProvisioningStatus.Active);
        var delete = await AcceptedAsync(new DeleteNetworkService(held.NetworkServiceId));
        await Task.Delay(500);

        Assert.Equal(OperationState.Starting, (await _operations.GetAsync(delete.OperationId)).State);
        Assert.DoesNotContain("delete_nsd", fixture.Script.CallsOf("held"));
        gate.SetResult();
        await SettledAsync(held.NetworkServiceId, ProvisioningStatus.Deleted);
        Assert.Equal(["create_nsd", "delete_nsd"], fixture.Script.CallsOf("held"));
        Assert.Equal(OperationState.Failed, (await _operations.GetAsync(held.OperationId)).State);
    }

    [Fact]
    public async Task Shareable_services_of_a_tenant_share_a_device_but_two_vpns_never_do()
    {
        var tenant = Guid.NewGuid();
        var instances = new NetworkServiceInstanceRepository(fixture.Manager.Database.DataSource);
        async Task<Guid> DeviceOfAsync(CreateNetworkService request)
        {
            var accepted = await AcceptedAsync(request);
            await SettledAsync(accepted.NetworkServiceId, ProvisioningStatus.Active);
            return (await instances.WhereAsync("network_service_id", accepted.NetworkServiceId)).Single().NsdId!.Value;
        }

        var firstVpn = await DeviceOfAsync(Create("vpn-1", tenant, ServiceType.Vpn, sharing: true));
        var secondVpn = await DeviceOfAsync(Create("vpn-2", tenant, ServiceType.Vpn, sharing: true));
        var firewall = await DeviceOfAsync(Create("fw-with-vpn", tenant, ServiceType.Firewall, sharing: true));
        var otherTenant = await DeviceOfAsync(Create("fw-elsewhere", Guid.NewGuid(), ServiceType.Firewall, sharing: true));

        Assert.NotEqual(firstVpn, secondVpn);
        Assert.Contains(firewall, new[] { firstVpn, secondVpn });
        Assert.DoesNotContain(otherTenant, new[] { firstVpn, secondVpn });
    }
}
