using Dapper;
using Nfp.IntegrationTests.Fixtures;
using Nfp.NetworkServiceManager.Persistence;
using Nfp.Schema.Resources;
using Nfp.Schema.Rpc;

namespace Nfp.IntegrationTests.Manager;

/// <summary>
/// kill -9 of a real manager process in the middle of creates, of failovers and of deletes, then a
/// restart: every operation finishes from where it was, and no device, address or row is leaked or made twice.
/// </summary>
public sealed class ManagerDurabilityTests(ManagerProcessStack stack) : IClassFixture<ManagerProcessStack>
{
    private const int Services = 8;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_manager_killed_mid_create_mid_failover_and_mid_delete_finishes_each_after_a_restart_and_leaks_nothing()
    {
        var before = await stack.StartManagerAsync("before-create-kill");
        var accepted = await Task.WhenAll(Enumerable.Range(0, Services).Select(_ => stack.Client.CreateNetworkServiceAsync(Create())));

        // Kill once some creates have gone past device creation and the others have not finished.
        await KillWhenAsync(before, "create", "plug_nsd_interface");
        var after = await stack.StartManagerAsync("after-create-kill");
        await WhereStuckAsync(after, accepted.Select(a => stack.Client.WaitForStatusAsync(a.NetworkServiceId, ProvisioningStatus.Active, Patience)));

        var devices = await LiveDevicesAsync();
        Assert.Equal(Services, devices.Count);
        Assert.All(devices, d => Assert.Equal((ProvisioningStatus.Active, 1, 2), (d.ProvisioningStatus, d.ReferenceCount, d.InterfacesInUse)));
        var containers = await NsdContainersAsync();
        Assert.Equal(devices.Select(d => $"nsd-{d.Id:N}").Order(), containers.Select(c => c.Names[0]).Order());
        Assert.All(containers, c => Assert.Equal(3, c.Endpoints.Count));
        Assert.True(await ResumedCountAsync("create", "before-create-kill", "after-create-kill") > 0,
            "no create was run partly by the killed instance and finished by the restarted one");

        // The operator fails every device over; the manager is killed once some have made their replacement.
        var failovers = await Task.WhenAll(accepted.Select(a => stack.Client.FailoverNetworkServiceAsync(new FailoverNetworkService(a.NetworkServiceId))));
        await KillWhenAsync(after, "failover", "plug_nsd_interface");
        var failedOver = await stack.StartManagerAsync("after-failover-kill");
        await WhereStuckAsync(failedOver, accepted.Select(a => stack.Client.WaitForStatusAsync(a.NetworkServiceId, ProvisioningStatus.Active, Patience)));
        var replaced = await NsdContainersAsync();
        Assert.Equal(containers.Select(c => c.Names[0]).Order(), replaced.Select(c => c.Names[0]).Order());
        Assert.Empty(replaced.Select(c => c.Id).Intersect(containers.Select(c => c.Id)));
        Assert.All(replaced, c => Assert.Equal((Nfp.Pop.Protocol.Container.Types.Status.Running, 3), (c.Status, c.Endpoints.Count)));
        Assert.True(await ResumedCountAsync("failover", "after-create-kill", "after-failover-kill") > 0,
            "no failover was run partly by the killed instance and finished by the restarted one");
        await using (var database = await stack.Database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(Services, await database.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM operations WHERE state = 'COMPLETED' AND id = ANY(@ids)", new { ids = failovers.Select(f => f.OperationId).ToArray() }));
        }

        var deletes = await Task.WhenAll(accepted.Select(a => stack.Client.DeleteNetworkServiceAsync(new DeleteNetworkService(a.NetworkServiceId))));
        await KillWhenAsync(failedOver, "delete", "delete_nsd");
        var last = await stack.StartManagerAsync("after-delete-kill");
        await WhereStuckAsync(last, accepted.Select(a => stack.Client.WaitForStatusAsync(a.NetworkServiceId, ProvisioningStatus.Deleted, Patience)));

        Assert.Empty(await LiveDevicesAsync());
        Assert.Empty(await NsdContainersAsync());
        await using var connection = await stack.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM port_infos"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM nsd_interfaces"));
        Assert.Equal(Services * 2, await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM operations WHERE state = 'COMPLETED' AND id = ANY(@ids)",
            new { ids = accepted.Select(a => a.OperationId).Concat(deletes.Select(d => d.OperationId)).ToArray() }));
        // Every address Pop gave the devices is free again: the networks can be deleted.
        foreach (var network in stack.Networks)
        {
            await stack.Popd.Client.DeleteNetworkAsync(new Nfp.Pop.Protocol.Filter { Name = network });
        }
    }

    private CreateNetworkService Create() => new(
        Guid.NewGuid(), Guid.NewGuid(), new ServiceProfile(Guid.NewGuid(), ServiceType.Firewall, ManagerProcessStack.Vendor),
        [
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.NeutronPort, PortClassification.Provider, stack.Networks[0]),
            new PortInfoRequest(Guid.NewGuid(), PortPolicy.NeutronPort, PortClassification.Consumer, stack.Networks[1]),
        ]);

    /// <summary>kill -9 as soon as some <paramref name="kind"/> operation has run <paramref name="step"/> while another is unfinished.</summary>
    private async Task KillWhenAsync(ManagerProcess manager, string kind, string step)
    {
        await using var connection = await stack.Database.DataSource.OpenConnectionAsync();
        await Eventually.HoldsAsync(() => connection.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM operation_steps s JOIN operations o ON o.id = s.operation_id WHERE o.kind = @kind AND s.step = @step)
               AND EXISTS (SELECT 1 FROM operations WHERE kind = @kind AND state IN ('STARTING', 'PROCESSING'))
            """, new { kind, step }), Patience, $"a {kind} reaching {step} while others run\n{manager.Log}");
        await manager.KillAsync();
    }

    /// <summary>Waits for <paramref name="waits"/>; when one times out, fails saying where each unfinished operation stands, with the manager's log.</summary>
    private async Task WhereStuckAsync(ManagerProcess manager, IEnumerable<Task<NetworkServiceDetail>> waits)
    {
        try
        {
            await Task.WhenAll(waits);
        }
        catch (TimeoutException e)
        {
            await using var connection = await stack.Database.DataSource.OpenConnectionAsync();
            var unfinished = await connection.QueryAsync<(Guid, string, string, int, string)>(
                "SELECT resource_id, kind, step, step_attempts, error FROM operations WHERE state IN ('STARTING', 'PROCESSING') ORDER BY seq");
            Assert.Fail($"{e.Message}\nunfinished: {string.Join("; ", unfinished)}\n{manager.Log[^Math.Min(manager.Log.Length, 6000)..]}");
        }
    }

    /// <summary>How many <paramref name="kind"/> operations had steps run by both instances.</summary>
    private async Task<long> ResumedCountAsync(string kind, string first, string second)
    {
        await using var connection = await stack.Database.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            """
            SELECT count(*) FROM operations o WHERE o.kind = @kind
               AND EXISTS (SELECT 1 FROM operation_steps s WHERE s.operation_id = o.id AND s.instance = @first)
               AND EXISTS (SELECT 1 FROM operation_steps s WHERE s.operation_id = o.id AND s.instance = @second)
            """, new { kind, first, second });
    }

    private async Task<IReadOnlyList<NetworkServiceDevice>> LiveDevicesAsync() =>
        (await new NetworkServiceDeviceRepository(stack.Database.DataSource).ListAsync(new ListQuery(Limit: 1000)))
            .Items.Where(d => d.ProvisioningStatus != ProvisioningStatus.Deleted).ToList();

    private async Task<IReadOnlyList<Nfp.Pop.Protocol.Container>> NsdContainersAsync() =>
        (await stack.Popd.Client.ContainersAsync()).Where(c => c.Names[0].StartsWith("nsd-", StringComparison.Ordinal)).ToList();
}
